package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /etc entries a sandbox sees, copied into one directory that follows the host's. */
class SandboxEtcTest {
    @TempDir
    Path dir;
    Path host;
    final AtomicLong nanos = new AtomicLong();
    SandboxEtc etc;

    @BeforeEach
    void hostEtc() throws Exception {
        host = Files.createDirectories(dir.resolve("host-etc"));
        Files.writeString(host.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.writeString(host.resolve("shadow"), "root:secret\n");
        Path zone = Files.writeString(dir.resolve("UTC"), "TZif");
        Files.createSymbolicLink(host.resolve("localtime"), zone);
        Path certs = Files.createDirectories(host.resolve("ssl/certs"));
        Files.createSymbolicLink(certs.resolve("ca.pem"), Path.of("/usr/share/ca-certificates/ca.crt"));
        Files.writeString(Files.createDirectories(host.resolve("ssl/private")).resolve("key.pem"), "KEY");
        etc = new SandboxEtc(host, List.of("hosts", "localtime", "ssl", "resolv.conf"), dir.resolve("copies"),
                nanos::get);
    }

    @Test
    void copiesTheListedEntriesAsABindMountWouldShowThem() throws Exception {
        SandboxEtc.View view = etc.view();
        Path copy = view.dir();
        assertThat(view.bound()).isEmpty();

        assertThat(copy.resolve("hosts")).hasContent("127.0.0.1 localhost");
        assertThat(Files.isSymbolicLink(copy.resolve("localtime"))).as("a top-level link is followed").isFalse();
        assertThat(copy.resolve("localtime")).hasContent("TZif");
        assertThat(Files.readSymbolicLink(copy.resolve("ssl/certs/ca.pem")))
                .as("links inside a directory stay links").isEqualTo(Path.of("/usr/share/ca-certificates/ca.crt"));
        assertThat(copy.resolve("shadow")).as("only what is listed").doesNotExist();
        assertThat(copy.resolve("ssl/private")).as("no private keys").doesNotExist();
        assertThat(copy.resolve("resolv.conf")).as("a missing entry is skipped").doesNotExist();
    }

    @Test
    void aChangedEntryMakesANewCopyAtTheNextCheck() throws Exception {
        Path first = etc.view().dir();
        Files.writeString(host.resolve("hosts"), "10.0.0.1 db\n");
        Files.setLastModifiedTime(host.resolve("hosts"), FileTime.fromMillis(1_000));

        assertThat(etc.view().dir()).as("not compared again within the interval").isEqualTo(first);
        nanos.addAndGet(SandboxEtc.CHECK_INTERVAL_NANOS);
        Path second = etc.view().dir();

        assertThat(second).isNotEqualTo(first);
        assertThat(second.resolve("hosts")).hasContent("10.0.0.1 db");
        assertThat(first.resolve("hosts")).as("running sandboxes keep theirs").hasContent("127.0.0.1 localhost");
    }

    @Test
    void aDirectoryOfManyEntriesIsBoundOnAnEmptyMountPoint() throws Exception {
        Path many = Files.createDirectories(host.resolve("alternatives"));
        for (int i = 0; i <= SandboxEtc.MAX_COPIED_ENTRIES; i++) {
            Files.createSymbolicLink(many.resolve("tool" + i), Path.of("/usr/bin/tool" + i));
        }
        SandboxEtc withMany = new SandboxEtc(host, List.of("hosts", "alternatives"), dir.resolve("many"), nanos::get);

        SandboxEtc.View view = withMany.view();

        assertThat(view.bound()).containsExactly("alternatives");
        assertThat(view.dir().resolve("alternatives")).isEmptyDirectory();
        assertThat(view.dir().resolve("hosts")).hasContent("127.0.0.1 localhost");
    }

    @Test
    void anUnchangedHostKeepsTheCopy() {
        Path first = etc.view().dir();
        nanos.addAndGet(SandboxEtc.CHECK_INTERVAL_NANOS);

        assertThat(etc.view().dir()).isEqualTo(first);
    }

    @Test
    void aNewEntryOnTheHostAppearsInTheNextCopy() throws Exception {
        etc.view().dir();
        Files.writeString(host.resolve("resolv.conf"), "nameserver 10.0.0.2\n");
        nanos.addAndGet(SandboxEtc.CHECK_INTERVAL_NANOS);

        assertThat(etc.view().dir().resolve("resolv.conf")).hasContent("nameserver 10.0.0.2");
    }
}
