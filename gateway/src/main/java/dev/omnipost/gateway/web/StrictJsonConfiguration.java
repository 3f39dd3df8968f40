package dev.omnipost.gateway.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Reading JSON strictly, for every body the gateway accepts: a value of the wrong JSON type is a
 * 400 naming the field ({@code {"text": 123}} is not the text "123", {@code "true"} is not a
 * boolean), and a string that is not valid Unicode (a lone surrogate such as {@code "\ud800"}) is a
 * 400 {@code request.invalid_characters} naming the field, instead of text PostgreSQL would store
 * as {@code ?} and a platform would publish (ADR 0025).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

  @Bean
  JsonMapperBuilderCustomizer strictJson() {
    return builder -> {
      builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
      refuse(builder, LogicalType.Textual, INTEGER, FLOAT, BOOLEAN);
      refuse(builder, LogicalType.Integer, STRING, FLOAT, BOOLEAN);
      refuse(builder, LogicalType.Float, STRING, BOOLEAN);
      refuse(builder, LogicalType.Boolean, STRING, INTEGER, FLOAT);
      builder.addModule(
          new SimpleModule("omnipost-unicode-text")
              .addDeserializer(String.class, new UnicodeStringDeserializer()));
    };
  }

  private static final CoercionInputShape STRING = CoercionInputShape.String;
  private static final CoercionInputShape INTEGER = CoercionInputShape.Integer;
  private static final CoercionInputShape FLOAT = CoercionInputShape.Float;
  private static final CoercionInputShape BOOLEAN = CoercionInputShape.Boolean;

  /** A JSON value of any of {@code shapes} is an error where a value of {@code type} is read. */
  private static void refuse(
      JsonMapper.Builder builder, LogicalType type, CoercionInputShape... shapes) {
    builder.withCoercionConfig(
        type,
        config -> {
          for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
          }
        });
  }

  /** The standard string reading, then a check that the text is well-formed UTF-16. */
  static final class UnicodeStringDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
      String value = super.deserialize(parser, context);
      if (value != null && !isWellFormed(value)) {
        throw new MalformedTextException(parser, value);
      }
      return value;
    }

    static boolean isWellFormed(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
          if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            i++;
            continue;
          }
          return false;
        }
        if (Character.isLowSurrogate(c)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A string with a lone surrogate; {@link ErrorMapping} answers it naming the field. */
  static final class MalformedTextException extends InvalidFormatException {

    MalformedTextException(JsonParser parser, String value) {
      super(parser, "Text is not valid Unicode (a lone surrogate)", value, String.class);
    }
  }
}
