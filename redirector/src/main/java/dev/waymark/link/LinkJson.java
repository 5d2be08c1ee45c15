package dev.waymark.link;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.waymark.journey.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON form of a stored link, shared by every store so that Redis and the embedded file
 * hold the same bytes. Unknown fields are ignored on read, so newer versions may add fields.
 */
public final class LinkJson {

  /** Configured mapper: ISO-8601 instants, records, lenient on unknown fields. Thread-safe. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(stages())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private LinkJson() {}

  /**
   * A stage as its wire name, read strictly ({@link Stage#of}): the sink's enum carries no Jackson
   * annotations, so its JSON form is declared here, where stored links are.
   */
  private static SimpleModule stages() {
    return new SimpleModule("waymark-stages")
        .addSerializer(Stage.class, new StdSerializer<>(Stage.class) {
          @Override
          public void serialize(Stage stage, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(stage.wireName());
          }
        })
        .addDeserializer(Stage.class, new StdDeserializer<>(Stage.class) {
          @Override
          public Stage deserialize(JsonParser in, DeserializationContext context) throws IOException {
            String text = in.getValueAsString();
            try {
              return Stage.of(text);
            } catch (IllegalArgumentException e) {
              throw context.weirdStringException(text, Stage.class, e.getMessage());
            }
          }
        });
  }

  public static String encode(Link link) {
    try {
      return MAPPER.writeValueAsString(link);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The link {@code json} holds; throws {@link UnreadableLinkException} when it holds none. */
  public static Link decode(String json) {
    try {
      return MAPPER.readValue(json, Link.class);
    } catch (JsonProcessingException e) {
      // Also the record's own checks, which Jackson wraps as ValueInstantiationException.
      throw new UnreadableLinkException(e);
    }
  }
}
