package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon SQS: standard and FIFO queues, long polling, visibility timeouts, dead-letter redrive, batches, tags.
 * Other services (Lambda event source mappings) use it through the registry: ReceiveMessage and DeleteMessage.
 */
public final class SqsService implements Service {
    private final ServiceModel model = ServiceModel.load("sqs");
    private final QueueOperations queues;
    private final MessageOperations messages;
    private final PermissionOperations permissions;
    private final MessageMoveTasks moveTasks;
    private final RetentionSweeper sweeper;
    private final Map<String, Operation> operations;

    public SqsService(Platform platform) {
        QueueDirectory directory = new QueueDirectory(new SqsStore(platform.storage()));
        this.queues = new QueueOperations(directory, platform.clock());
        this.messages = new MessageOperations(queues, directory, platform.clock(), model);
        this.permissions = new PermissionOperations(queues, directory, platform.clock());
        this.moveTasks = new MessageMoveTasks(directory, platform.clock());
        this.sweeper = new RetentionSweeper(directory, platform.clock());
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateQueue", this::createQueue);
        ops.put("GetQueueUrl", this::getQueueUrl);
        ops.put("ListQueues", this::listQueues);
        ops.put("DeleteQueue", this::deleteQueue);
        ops.put("GetQueueAttributes", this::getQueueAttributes);
        ops.put("SetQueueAttributes", this::setQueueAttributes);
        ops.put("PurgeQueue", this::purgeQueue);
        ops.put("TagQueue", this::tagQueue);
        ops.put("UntagQueue", this::untagQueue);
        ops.put("ListQueueTags", this::listQueueTags);
        ops.put("ListDeadLetterSourceQueues", this::listDeadLetterSourceQueues);
        ops.put("AddPermission", this::addPermission);
        ops.put("RemovePermission", this::removePermission);
        ops.put("StartMessageMoveTask", this::startMessageMoveTask);
        ops.put("ListMessageMoveTasks", this::listMessageMoveTasks);
        ops.put("SendMessage", this::sendMessage);
        ops.put("SendMessageBatch", this::sendMessageBatch);
        ops.put("ReceiveMessage", this::receiveMessage);
        ops.put("DeleteMessage", this::deleteMessage);
        ops.put("DeleteMessageBatch", this::deleteMessageBatch);
        ops.put("ChangeMessageVisibility", this::changeMessageVisibility);
        ops.put("ChangeMessageVisibilityBatch", this::changeMessageVisibilityBatch);
        this.operations = Map.copyOf(ops);
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    /** What SQS answers for a request that lacks a required parameter (the model's only common constraint). */
    @Override
    public String validationErrorCode() {
        return "MissingParameter";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    @Override
    public void start() {
        sweeper.start(RetentionSweeper.DEFAULT_PERIOD);
    }

    @Override
    public void close() {
        sweeper.close();
    }

    public JsonNode createQueue(RequestContext ctx, ObjectNode input) {
        return queues.createQueue(ctx, input);
    }

    public JsonNode getQueueUrl(RequestContext ctx, ObjectNode input) {
        return queues.getQueueUrl(ctx, input);
    }

    public JsonNode listQueues(RequestContext ctx, ObjectNode input) {
        return queues.listQueues(ctx, input);
    }

    public JsonNode deleteQueue(RequestContext ctx, ObjectNode input) {
        return queues.deleteQueue(ctx, input);
    }

    public JsonNode getQueueAttributes(RequestContext ctx, ObjectNode input) {
        return queues.getQueueAttributes(ctx, input);
    }

    public JsonNode setQueueAttributes(RequestContext ctx, ObjectNode input) {
        return queues.setQueueAttributes(ctx, input);
    }

    public JsonNode purgeQueue(RequestContext ctx, ObjectNode input) {
        return queues.purgeQueue(ctx, input);
    }

    public JsonNode tagQueue(RequestContext ctx, ObjectNode input) {
        return queues.tagQueue(ctx, input);
    }

    public JsonNode untagQueue(RequestContext ctx, ObjectNode input) {
        return queues.untagQueue(ctx, input);
    }

    public JsonNode listQueueTags(RequestContext ctx, ObjectNode input) {
        return queues.listQueueTags(ctx, input);
    }

    public JsonNode listDeadLetterSourceQueues(RequestContext ctx, ObjectNode input) {
        return queues.listDeadLetterSourceQueues(ctx, input);
    }

    public JsonNode addPermission(RequestContext ctx, ObjectNode input) {
        return permissions.addPermission(ctx, input);
    }

    public JsonNode removePermission(RequestContext ctx, ObjectNode input) {
        return permissions.removePermission(ctx, input);
    }

    public JsonNode startMessageMoveTask(RequestContext ctx, ObjectNode input) {
        return moveTasks.startMessageMoveTask(ctx, input);
    }

    public JsonNode listMessageMoveTasks(RequestContext ctx, ObjectNode input) {
        return moveTasks.listMessageMoveTasks(ctx, input);
    }

    public JsonNode sendMessage(RequestContext ctx, ObjectNode input) {
        return messages.sendMessage(ctx, input);
    }

    public JsonNode sendMessageBatch(RequestContext ctx, ObjectNode input) {
        return messages.sendMessageBatch(ctx, input);
    }

    public JsonNode receiveMessage(RequestContext ctx, ObjectNode input) {
        return messages.receiveMessage(ctx, input);
    }

    public JsonNode deleteMessage(RequestContext ctx, ObjectNode input) {
        return messages.deleteMessage(ctx, input);
    }

    public JsonNode deleteMessageBatch(RequestContext ctx, ObjectNode input) {
        return messages.deleteMessageBatch(ctx, input);
    }

    public JsonNode changeMessageVisibility(RequestContext ctx, ObjectNode input) {
        return messages.changeMessageVisibility(ctx, input);
    }

    public JsonNode changeMessageVisibilityBatch(RequestContext ctx, ObjectNode input) {
        return messages.changeMessageVisibilityBatch(ctx, input);
    }
}
