package dev.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Identifier formats as AWS prints them. */
class IamIdsTest {

    @Test
    void uniqueIdsAreThePrefixAndSeventeenBase32Characters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = IamIds.uniqueId(IamIds.ROLE);
            assertThat(id).matches("AROA[A-Z2-7]{17}");
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void accessKeysAreTwentyCharactersWithFortyCharacterSecrets() {
        assertThat(IamIds.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(IamIds.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
    }

    @Test
    void stableIdsDependOnlyOnTheSeed() {
        String a = IamIds.stableId(IamIds.POLICY, "arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(a).matches("ANPA[A-Z2-7]{17}")
                .isEqualTo(IamIds.stableId(IamIds.POLICY, "arn:aws:iam::aws:policy/AdministratorAccess"))
                .isNotEqualTo(IamIds.stableId(IamIds.POLICY, "arn:aws:iam::aws:policy/ReadOnlyAccess"));
    }
}
