package dev.waymark.admin.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waymark.admin.http.Violations;
import dev.waymark.conversion.Conversion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A valid report of conversions: one conversion object, or {@code {"conversions":[...]}} with 1 to
 * {@link Conversion#MAX_BATCH} of them. Every member is checked and named precisely in the 400
 * ({@code click}, {@code conversions[3].currency}), unknown members are refused by name, and a JSON
 * {@code null} for an optional member means the same as leaving it out.
 *
 * @param batch true when the request was a list, which is answered as a list even of one
 */
record ConversionRequest(boolean batch, List<Conversion> conversions) {

  static final String LIST = "conversions";
  static final Set<String> FIELDS = Set.of("click", "type", "value", "currency", "id");
  /** The canonical text of a UUID; {@link UUID#fromString} alone takes forms such as {@code 1-1-1-1-1}. */
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Validates {@code body}; throws a 400 problem naming every invalid member. */
  static ConversionRequest parse(ObjectNode body) {
    Violations v = new Violations();
    if (!body.has(LIST)) {
      Conversion one = conversion(v, "", body);
      v.throwIfAny();
      return new ConversionRequest(false, List.of(one));
    }
    for (Map.Entry<String, JsonNode> member : body.properties()) {
      if (!member.getKey().equals(LIST)) {
        v.add(member.getKey(), "is not a known field; a list is sent as {\"conversions\":[...]} and nothing else");
      }
    }
    JsonNode list = body.get(LIST);
    List<Conversion> conversions = new ArrayList<>();
    if (!list.isArray()) {
      v.add(LIST, "must be an array of 1 to " + Conversion.MAX_BATCH + " conversions");
    } else if (list.isEmpty()) {
      v.add(LIST, "must hold at least one conversion");
    } else if (list.size() > Conversion.MAX_BATCH) {
      v.add(LIST, "holds " + list.size() + " conversions; at most " + Conversion.MAX_BATCH + " are taken at once");
    } else {
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        if (item instanceof ObjectNode object) {
          conversions.add(conversion(v, LIST + "[" + i + "].", object));
        } else {
          v.add(LIST + "[" + i + "]", "must be a conversion object");
        }
      }
    }
    v.throwIfAny();
    return new ConversionRequest(true, List.copyOf(conversions));
  }

  /** The conversion {@code node} holds, its members named with {@code at} in front; {@code null} when invalid. */
  private static Conversion conversion(Violations v, String at, ObjectNode node) {
    int before = v.count();
    for (String name : (Iterable<String>) node::fieldNames) {
      if (!FIELDS.contains(name)) {
        v.add(at + name, "is not a known field; known: " + String.join(", ", Violations.sorted(FIELDS)));
      }
    }
    JsonNode clickNode = present(node, "click");
    UUID click = clickNode == null ? v.add(at + "click", "is required: the wm_click the redirect handed on")
        : click(v, at + "click", clickNode);
    JsonNode typeNode = present(node, "type");
    String type = typeNode == null ? v.add(at + "type", "is required, such as sale, lead or signup")
        : type(v, at + "type", typeNode);
    JsonNode valueNode = present(node, "value");
    JsonNode currencyNode = present(node, "currency");
    BigDecimal value = valueNode == null ? null : value(v, at + "value", valueNode);
    String currency = currencyNode == null ? null : currency(v, at + "currency", currencyNode);
    if (valueNode != null && currencyNode == null) {
      v.add(at + "currency", "is required with value: the ISO 4217 code of its currency, such as EUR");
    } else if (valueNode == null && currencyNode != null) {
      v.add(at + "value", "is required with currency: a currency says what a value is in");
    }
    JsonNode idNode = present(node, "id");
    String id = idNode == null ? "" : id(v, at + "id", idNode);
    return v.count() > before ? null : new Conversion(click, type, value, currency, id);
  }

  private static UUID click(Violations v, String field, JsonNode node) {
    if (!node.isTextual() || !UUID_TEXT.matcher(node.textValue()).matches()) {
      return v.add(field, "must be the UUID the redirect handed on as wm_click");
    }
    return UUID.fromString(node.textValue());
  }

  private static String type(Violations v, String field, JsonNode node) {
    return matching(v, field, node, Conversion.TYPE,
        "must be 1 to 32 of a-z 0-9 _ . - starting with a letter or digit, such as sale");
  }

  private static BigDecimal value(Violations v, String field, JsonNode node) {
    if (!node.isNumber()) {
      return v.add(field, "must be a JSON number, such as 12.5");
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() < 0) {
      return v.add(field, "must be 0 or more");
    }
    // Compared before the scale is looked at: an exponent of a billion must cost nothing.
    if (value.compareTo(Conversion.MAX_VALUE) > 0) {
      return v.add(field, "must be at most " + Conversion.MAX_VALUE.toPlainString());
    }
    if (value.stripTrailingZeros().scale() > Conversion.MAX_SCALE) {
      return v.add(field, "has more than " + Conversion.MAX_SCALE + " decimals");
    }
    return value;
  }

  private static String currency(Violations v, String field, JsonNode node) {
    return matching(v, field, node, Conversion.CURRENCY, "must be an ISO 4217 code in capital letters, such as EUR");
  }

  private static String matching(Violations v, String field, JsonNode node, Pattern pattern, String detail) {
    return node.isTextual() && pattern.matcher(node.textValue()).matches() ? node.textValue() : v.add(field, detail);
  }

  private static String id(Violations v, String field, JsonNode node) {
    if (!node.isTextual()) {
      return v.add(field, "must be a string: the shop's own id of the conversion, such as an order number");
    }
    String id = node.textValue();
    if (id.length() > Conversion.MAX_ID_LENGTH) {
      return v.add(field, "must be at most " + Conversion.MAX_ID_LENGTH + " characters");
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      return v.add(field, "must not contain control characters");
    }
    return id;
  }

  private static JsonNode present(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node;
  }
}
