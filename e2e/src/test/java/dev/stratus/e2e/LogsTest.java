package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroupClass;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.TooManyTagsException;

/** Log groups, streams, retention and tags through the AWS SDK for Java v2. */
class LogsTest {
    static final StratusServer stratus = StratusServer.start();
    static final CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder());

    @AfterAll
    static void stop() {
        logs.close();
        stratus.close();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createDescribeAndDeleteALogGroup() {
        String name = unique("/aws/lambda/fn-");
        long before = System.currentTimeMillis();
        logs.createLogGroup(b -> b.logGroupName(name).tags(Map.of("team", "a")));

        LogGroup g = logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().get(0);
        assertThat(g.logGroupName()).isEqualTo(name);
        assertThat(g.creationTime()).isBetween(before, System.currentTimeMillis());
        assertThat(g.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:" + name + ":*");
        assertThat(g.logGroupArn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:" + name);
        assertThat(g.storedBytes()).isZero();
        assertThat(g.metricFilterCount()).isZero();
        assertThat(g.retentionInDays()).isNull();
        assertThat(g.logGroupClass()).isEqualTo(LogGroupClass.STANDARD);

        logs.deleteLogGroup(b -> b.logGroupName(name));
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups()).isEmpty();
    }

    @Test
    void creatingAnExistingGroupFails() {
        String name = unique("dup-");
        logs.createLogGroup(b -> b.logGroupName(name));
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName(name)))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceAlreadyExistsException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified log group already exists");
                });
    }

    @Test
    void groupNamesAreValidatedAgainstTheModel() {
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("bad name!")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.getMessage())
                        .contains("Member must satisfy regular expression pattern"));
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("aws/reserved")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("Log groups starting with AWS/ are reserved for AWS."));
    }

    @Test
    void deletingAMissingGroupIsNotFound() {
        assertThatThrownBy(() -> logs.deleteLogGroup(b -> b.logGroupName("nope-" + UUID.randomUUID())))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified log group does not exist.");
                });
    }

    @Test
    void describeLogGroupsPagesByPrefixAndFiltersByPattern() {
        String prefix = unique("page-");
        IntStream.range(0, 7).forEach(i -> logs.createLogGroup(b -> b.logGroupName(prefix + "/g" + i)));
        logs.createLogGroup(b -> b.logGroupName(prefix + "/Other").logGroupClass(LogGroupClass.INFREQUENT_ACCESS));

        DescribeLogGroupsResponse first = logs.describeLogGroups(b -> b.logGroupNamePrefix(prefix).limit(3));
        assertThat(first.logGroups()).extracting(LogGroup::logGroupName)
                .containsExactly(prefix + "/Other", prefix + "/g0", prefix + "/g1");
        assertThat(first.nextToken()).isNotNull();

        List<String> all = logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(prefix).limit(3)).logGroups()
                .stream().map(LogGroup::logGroupName).toList();
        assertThat(all).hasSize(8).isSorted();

        assertThat(logs.describeLogGroups(b -> b.logGroupNamePattern(prefix.substring(5) + "/g")).logGroups())
                .hasSize(7);
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePattern(prefix.toUpperCase())).logGroups()).isEmpty();
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(prefix)
                .logGroupClass(LogGroupClass.INFREQUENT_ACCESS)).logGroups())
                .extracting(LogGroup::logGroupName).containsExactly(prefix + "/Other");
        assertThat(logs.describeLogGroups(b -> b.logGroupIdentifiers(prefix + "/g3",
                "arn:aws:logs:us-east-1:000000000000:log-group:" + prefix + "/g4")).logGroups())
                .extracting(LogGroup::logGroupName).containsExactly(prefix + "/g3", prefix + "/g4");

        assertThatThrownBy(() -> logs.describeLogGroups(b -> b.logGroupNamePrefix(prefix).logGroupNamePattern("x")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo(
                        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."));
        assertThatThrownBy(() -> logs.describeLogGroups(b -> b.limit(51)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Member must have value less than or equal to 50");
        assertThatThrownBy(() -> logs.describeLogGroups(b -> b.nextToken("!!not-a-token")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified nextToken is invalid."));
    }

    @Test
    void groupsAreScopedToAccountAndRegion() {
        String name = unique("scoped-");
        logs.createLogGroup(b -> b.logGroupName(name));
        try (CloudWatchLogsClient other = stratus.client(CloudWatchLogsClient.builder(), "111122223333", "x");
             CloudWatchLogsClient west = CloudWatchLogsClient.builder().endpointOverride(stratus.endpoint())
                     .region(software.amazon.awssdk.regions.Region.US_WEST_2)
                     .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                             .create("test", "test"))
                     .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                     .build()) {
            assertThat(other.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups()).isEmpty();
            assertThat(west.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups()).isEmpty();
            west.createLogGroup(b -> b.logGroupName(name));
        }
    }

    @Test
    void retentionPolicyCanBeSetAndRemoved() {
        String name = unique("ret-");
        logs.createLogGroup(b -> b.logGroupName(name));
        logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(14));
        assertThat(describe(name).retentionInDays()).isEqualTo(14);
        logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(3653));
        assertThat(describe(name).retentionInDays()).isEqualTo(3653);
        logs.deleteRetentionPolicy(b -> b.logGroupName(name));
        assertThat(describe(name).retentionInDays()).isNull();

        assertThatThrownBy(() -> logs.putRetentionPolicy(b -> b.logGroupName(name).retentionInDays(2)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '2' at "
                        + "'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5,"
                        + " 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,"
                        + " 3653]"));
        assertThatThrownBy(() -> logs.putRetentionPolicy(b -> b.logGroupName(name + "x").retentionInDays(1)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.deleteRetentionPolicy(b -> b.logGroupName(name + "x")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void tagsByGroupName() {
        String name = unique("tags-");
        logs.createLogGroup(b -> b.logGroupName(name).tags(Map.of("a", "1")));
        logs.tagLogGroup(b -> b.logGroupName(name).tags(Map.of("b", "2", "a", "3")));
        assertThat(logs.listTagsLogGroup(b -> b.logGroupName(name)).tags()).isEqualTo(Map.of("a", "3", "b", "2"));
        logs.untagLogGroup(b -> b.logGroupName(name).tags("a", "missing"));
        assertThat(logs.listTagsLogGroup(b -> b.logGroupName(name)).tags()).isEqualTo(Map.of("b", "2"));
        assertThatThrownBy(() -> logs.listTagsLogGroup(b -> b.logGroupName(name + "x")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void tagsByArn() {
        String name = unique("arntags-");
        logs.createLogGroup(b -> b.logGroupName(name));
        String arn = describe(name).logGroupArn();
        logs.tagResource(b -> b.resourceArn(arn).tags(Map.of("env", "dev", "owner", "me")));
        assertThat(logs.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEqualTo(Map.of("env", "dev", "owner", "me"));
        assertThat(logs.listTagsLogGroup(b -> b.logGroupName(name)).tags()).containsEntry("env", "dev");
        logs.untagResource(b -> b.resourceArn(arn).tagKeys("env"));
        assertThat(logs.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEqualTo(Map.of("owner", "me"));

        assertThatThrownBy(() -> logs.listTagsForResource(b -> b.resourceArn(arn + "x")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log group does not exist."));
        Map<String, String> many = new java.util.HashMap<>();
        IntStream.range(0, 50).forEach(i -> many.put("k" + i, "v"));
        assertThatThrownBy(() -> logs.tagResource(b -> b.resourceArn(arn).tags(many)))
                .isInstanceOfSatisfying(TooManyTagsException.class, e -> assertThat(e.resourceName()).isEqualTo(arn));
    }

    @Test
    void createDescribeAndDeleteStreams() {
        String group = unique("streams-");
        logs.createLogGroup(b -> b.logGroupName(group));
        long before = System.currentTimeMillis();
        logs.createLogStream(b -> b.logGroupName(group).logStreamName("2024/01/01/[$LATEST]abc"));

        LogStream s = logs.describeLogStreams(b -> b.logGroupName(group)).logStreams().get(0);
        assertThat(s.logStreamName()).isEqualTo("2024/01/01/[$LATEST]abc");
        assertThat(s.creationTime()).isGreaterThanOrEqualTo(before);
        assertThat(s.arn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:" + group
                + ":log-stream:2024/01/01/[$LATEST]abc");
        assertThat(s.firstEventTimestamp()).isNull();
        assertThat(s.lastEventTimestamp()).isNull();
        assertThat(s.uploadSequenceToken()).hasSize(56);

        assertThatThrownBy(() -> logs.createLogStream(b -> b.logGroupName(group).logStreamName("2024/01/01/[$LATEST]abc")))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log stream already exists"));
        assertThatThrownBy(() -> logs.createLogStream(b -> b.logGroupName(group + "x").logStreamName("s")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log group does not exist."));
        assertThatThrownBy(() -> logs.createLogStream(b -> b.logGroupName(group).logStreamName("a:b")))
                .isInstanceOf(InvalidParameterException.class);

        logs.deleteLogStream(b -> b.logGroupName(group).logStreamName("2024/01/01/[$LATEST]abc"));
        assertThat(logs.describeLogStreams(b -> b.logGroupName(group)).logStreams()).isEmpty();
        assertThatThrownBy(() -> logs.deleteLogStream(b -> b.logGroupName(group).logStreamName("2024/01/01/[$LATEST]abc")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo("The specified log stream does not exist."));
    }

    @Test
    void describeLogStreamsOrdersFiltersAndPages() {
        String group = unique("order-");
        logs.createLogGroup(b -> b.logGroupName(group));
        long now = System.currentTimeMillis();
        // Names in one order, last event times in the opposite order.
        List<String> names = List.of("a", "b", "c", "d", "e");
        for (int i = 0; i < names.size(); i++) {
            String stream = names.get(i);
            long ts = now - 10_000 * i;
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream)
                    .logEvents(InputLogEvent.builder().timestamp(ts).message("m").build()));
        }
        logs.createLogStream(b -> b.logGroupName(group).logStreamName("other"));

        assertThat(streamNames(logs.describeLogStreams(b -> b.logGroupName(group))))
                .containsExactly("a", "b", "c", "d", "e", "other");
        assertThat(streamNames(logs.describeLogStreams(b -> b.logGroupName(group).descending(true))))
                .containsExactly("other", "e", "d", "c", "b", "a");
        assertThat(streamNames(logs.describeLogStreams(b -> b.logGroupName(group).logStreamNamePrefix("o"))))
                .containsExactly("other");
        assertThat(streamNames(logs.describeLogStreams(b -> b.logGroupName(group).orderBy(OrderBy.LAST_EVENT_TIME))))
                .containsExactly("other", "e", "d", "c", "b", "a");
        assertThat(streamNames(logs.describeLogStreams(b -> b.logGroupName(group).orderBy(OrderBy.LAST_EVENT_TIME)
                .descending(true)))).containsExactly("a", "b", "c", "d", "e", "other");

        DescribeLogStreamsResponse page = logs.describeLogStreams(b -> b.logGroupName(group).limit(2));
        assertThat(streamNames(page)).containsExactly("a", "b");
        assertThat(logs.describeLogStreamsPaginator(b -> b.logGroupName(group).orderBy(OrderBy.LAST_EVENT_TIME)
                .descending(true).limit(2)).logStreams().stream().map(LogStream::logStreamName).toList())
                .containsExactly("a", "b", "c", "d", "e", "other");

        LogStream a = logs.describeLogStreams(b -> b.logGroupName(group).logStreamNamePrefix("a")).logStreams().get(0);
        assertThat(a.firstEventTimestamp()).isEqualTo(now);
        assertThat(a.lastEventTimestamp()).isEqualTo(now);
        assertThat(a.lastIngestionTime()).isGreaterThanOrEqualTo(now - 1000);

        String arn = describe(group).logGroupArn();
        assertThat(streamNames(logs.describeLogStreams(b -> b.logGroupIdentifier(arn).limit(1)))).containsExactly("a");

        assertThatThrownBy(() -> logs.describeLogStreams(b -> b.logGroupName(group).orderBy(OrderBy.LAST_EVENT_TIME)
                .logStreamNamePrefix("a")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo(
                        "Cannot order by LastEventTime with a logStreamNamePrefix."));
        assertThatThrownBy(() -> logs.describeLogStreams(b -> b.logGroupName(group).logGroupIdentifier(arn)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.describeLogStreams(b -> b.logGroupName(group + "x")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletingAGroupDeletesItsStreamsAndEvents() {
        String group = unique("cascade-");
        logs.createLogGroup(b -> b.logGroupName(group));
        logs.createLogStream(b -> b.logGroupName(group).logStreamName("s"));
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s")
                .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("old").build()));
        assertThat(describe(group).storedBytes()).isEqualTo(3);

        logs.deleteLogGroup(b -> b.logGroupName(group));
        logs.createLogGroup(b -> b.logGroupName(group));
        logs.createLogStream(b -> b.logGroupName(group).logStreamName("s"));
        assertThat(logs.getLogEvents(b -> b.logGroupName(group).logStreamName("s")).events()).isEmpty();
        assertThat(describe(group).storedBytes()).isZero();
    }

    @Test
    void unknownOperationsAnswerNotImplemented() {
        assertThatThrownBy(() -> logs.describeMetricFilters(b -> b.logGroupName("x")))
                .isInstanceOfSatisfying(CloudWatchLogsException.class, e -> assertThat(e.statusCode()).isEqualTo(501));
    }

    private static LogGroup describe(String name) {
        return logs.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> streamNames(DescribeLogStreamsResponse r) {
        return r.logStreams().stream().map(LogStream::logStreamName).toList();
    }
}
