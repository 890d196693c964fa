package com.serveurcom.astreinte.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an {@code application/x-www-form-urlencoded} text (a form body or a raw query), decoded
 * by Netty's {@link QueryStringDecoder}: the one parser of the HTTP side. The first value of a repeated
 * name wins: a repeated field then fails any signature that covers every value, instead of being
 * read one way here and another way there.
 */
public final class FormFields {
  /** Enough for any form of ours or Twilio's; the decoder ignores fields past it (the body is capped anyway). */
  private static final int MAX_FIELDS = 256;

  private FormFields() {
  }

  /**
   * Past {@code MAX_FIELDS} fields the rest is ignored, and a raw {@code #} ends the text (it starts a fragment).
   *
   * @throws IllegalArgumentException on a malformed escape ({@code %zz})
   */
  public static Map<String, String> decode(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    // hasPath=false: the whole text is the query; ';' is a plain character, as in HTML forms.
    QueryStringDecoder decoder = QueryStringDecoder.builder().hasPath(false).semicolonIsNormalChar(true)
        .maxParams(MAX_FIELDS).build(text);
    for (Map.Entry<String, List<String>> e : decoder.parameters().entrySet()) {
      out.put(e.getKey(), e.getValue().isEmpty() ? "" : e.getValue().get(0));
    }
    return out;
  }
}
