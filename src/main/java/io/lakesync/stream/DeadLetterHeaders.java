package io.lakesync.stream;

import io.lakesync.event.ParsedEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Turns a rejected input record into its dead letter: the original bytes as the value, and the
 * reason and where it came from (topic, partition, offset) as headers, so an operator can find, fix
 * and replay it.
 */
final class DeadLetterHeaders implements FixedKeyProcessor<byte[], ParsedEvent, byte[]> {
  static final String REASON = "lakesync.dlq.reason";
  static final String SOURCE_TOPIC = "lakesync.dlq.source.topic";
  static final String SOURCE_PARTITION = "lakesync.dlq.source.partition";
  static final String SOURCE_OFFSET = "lakesync.dlq.source.offset";

  private FixedKeyProcessorContext<byte[], byte[]> context;

  @Override
  public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], ParsedEvent> record) {
    ParsedEvent.Invalid invalid = (ParsedEvent.Invalid) record.value();
    Headers headers = record.headers();
    put(headers, REASON, invalid.reason());
    context
        .recordMetadata()
        .ifPresent(
            source -> {
              put(headers, SOURCE_TOPIC, source.topic());
              put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
              put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
            });
    context.forward(record.withValue(invalid.original()).withHeaders(headers));
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
