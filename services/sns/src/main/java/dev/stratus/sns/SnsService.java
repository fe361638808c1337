package dev.stratus.sns;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.sns.delivery.Deliveries;
import dev.stratus.sns.delivery.DeliveryExecutor;
import dev.stratus.sns.delivery.Envelopes;
import dev.stratus.sns.delivery.HttpSender;
import dev.stratus.sns.delivery.RetryPolicy;
import dev.stratus.sns.delivery.SnsUrls;
import dev.stratus.sns.signing.MessageSigner;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Amazon SNS: topics, subscriptions and fan-out. */
public final class SnsService implements Service {
    private final ServiceModel model = ServiceModel.load("sns");
    private final MessageSigner signer;
    private final Deliveries deliveries;
    private final Map<String, Operation> operations;
    private volatile Supplier<String> publicEndpoint;

    public SnsService(Platform platform) {
        this(platform, RetryPolicy.DEFAULT);
    }

    public SnsService(Platform platform, RetryPolicy retryPolicy) {
        var config = platform.config();
        String host = config.host() == null || config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        this.publicEndpoint = () -> "http://" + host + ":" + config.port();
        SnsState state = new SnsState(platform.storage());
        this.signer = new MessageSigner(platform.storage(), platform.clock());
        Envelopes envelopes = new Envelopes(signer, new SnsUrls(() -> publicEndpoint.get()));
        this.deliveries = new Deliveries(platform.registry(), platform.clock(), envelopes, new HttpSender(),
                new DeliveryExecutor(platform.clock(), retryPolicy));
        TopicOperations topics = new TopicOperations(state, platform.clock());
        SubscriptionOperations subscriptions = new SubscriptionOperations(state, deliveries);
        PlatformApplicationOperations push = new PlatformApplicationOperations(platform.storage());
        PublishOperations publish = new PublishOperations(state, new Publisher(state, deliveries, platform.clock()),
                push);
        TopicPolicyOperations policies = new TopicPolicyOperations(state);
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateTopic", topics::createTopic);
        ops.put("DeleteTopic", topics::deleteTopic);
        ops.put("ListTopics", topics::listTopics);
        ops.put("GetTopicAttributes", topics::getTopicAttributes);
        ops.put("SetTopicAttributes", topics::setTopicAttributes);
        ops.put("TagResource", topics::tagResource);
        ops.put("UntagResource", topics::untagResource);
        ops.put("ListTagsForResource", topics::listTagsForResource);
        ops.put("AddPermission", policies::addPermission);
        ops.put("RemovePermission", policies::removePermission);
        ops.put("PutDataProtectionPolicy", policies::putDataProtectionPolicy);
        ops.put("GetDataProtectionPolicy", policies::getDataProtectionPolicy);
        ops.put("Subscribe", subscriptions::subscribe);
        ops.put("ConfirmSubscription", subscriptions::confirmSubscription);
        ops.put("Unsubscribe", subscriptions::unsubscribe);
        ops.put("ListSubscriptions", subscriptions::listSubscriptions);
        ops.put("ListSubscriptionsByTopic", subscriptions::listSubscriptionsByTopic);
        ops.put("GetSubscriptionAttributes", subscriptions::getSubscriptionAttributes);
        ops.put("SetSubscriptionAttributes", subscriptions::setSubscriptionAttributes);
        ops.put("Publish", publish::publish);
        ops.put("PublishBatch", publish::publishBatch);
        ops.put("CreatePlatformApplication", push::createPlatformApplication);
        ops.put("GetPlatformApplicationAttributes", push::getPlatformApplicationAttributes);
        ops.put("SetPlatformApplicationAttributes", push::setPlatformApplicationAttributes);
        ops.put("DeletePlatformApplication", push::deletePlatformApplication);
        ops.put("ListPlatformApplications", push::listPlatformApplications);
        ops.put("CreatePlatformEndpoint", push::createPlatformEndpoint);
        ops.put("GetEndpointAttributes", push::getEndpointAttributes);
        ops.put("SetEndpointAttributes", push::setEndpointAttributes);
        ops.put("DeleteEndpoint", push::deleteEndpoint);
        ops.put("ListEndpointsByPlatformApplication", push::listEndpointsByPlatformApplication);
        SmsOperations sms = new SmsOperations(platform.storage());
        ops.put("SetSMSAttributes", sms::setSMSAttributes);
        ops.put("GetSMSAttributes", sms::getSMSAttributes);
        ops.put("CheckIfPhoneNumberIsOptedOut", sms::checkIfPhoneNumberIsOptedOut);
        ops.put("OptInPhoneNumber", sms::optInPhoneNumber);
        ops.put("ListPhoneNumbersOptedOut", sms::listPhoneNumbersOptedOut);
        ops.put("GetSMSSandboxAccountStatus", sms::getSMSSandboxAccountStatus);
        ops.put("CreateSMSSandboxPhoneNumber", sms::createSMSSandboxPhoneNumber);
        ops.put("VerifySMSSandboxPhoneNumber", sms::verifySMSSandboxPhoneNumber);
        ops.put("DeleteSMSSandboxPhoneNumber", sms::deleteSMSSandboxPhoneNumber);
        ops.put("ListSMSSandboxPhoneNumbers", sms::listSMSSandboxPhoneNumbers);
        ops.put("ListOriginationNumbers", sms::listOriginationNumbers);
        this.operations = Map.copyOf(ops);
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "InvalidParameter";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    /** Messages point subscribers back at this URL (SubscribeURL, UnsubscribeURL, SigningCertURL). */
    @Override
    public void edgeStarted(String endpoint) {
        String reachable = endpoint.replace("://0.0.0.0:", "://127.0.0.1:");
        this.publicEndpoint = () -> reachable;
    }

    @Override
    public HttpResponse resource(String method, String path) {
        if ("GET".equals(method) && path.equals(SnsUrls.CERT_PATH)) {
            return HttpResponse.of(200, "application/x-pem-file",
                    signer.certificatePem().getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** Waits for pending deliveries (tests). */
    public boolean awaitDeliveries(java.time.Duration timeout) throws InterruptedException {
        return deliveries.executor().awaitIdle(timeout);
    }

    @Override
    public void close() {
        deliveries.close();
    }
}
