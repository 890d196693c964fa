package com.serveurcom.astreinte.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.serveurcom.astreinte.paging.Phones;
import com.serveurcom.astreinte.simulator.DemoPbx;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The technician's phone of {@code serve --demo} when the demo's own Asterisk places the voice pages
 * ({@code bin/astreinte simulate-page}); registered only then.
 *
 * <p>{@code POST /api/demo/pbx/pick-up}, body {@code {"keys": "5,1", "wait_seconds": 20}}: picks up the
 * oldest page call ringing (waiting up to {@code wait_seconds}, 0 to 25, for one), presses the keys, and
 * answers once the server hung up: the request number said, what the technician heard in order (prompts
 * with their French text, numbers said, the customer's message, the put-through), the keys used. 404 when no page call rang within the wait.
 */
public final class DemoPbxApi {
  /** The longest wait of one request: the command line waits longer by asking again. */
  static final int MAX_WAIT_SECONDS = 25;

  private final DemoPbx pbx;
  private final JsonBodies json;
  private final UnaryOperator<String> promptText;

  /** @param promptText the French text of a prompt (from prompts.yaml), or null when it has none */
  public DemoPbxApi(DemoPbx pbx, JsonBodies json, UnaryOperator<String> promptText) {
    this.pbx = Objects.requireNonNull(pbx, "pbx");
    this.json = Objects.requireNonNull(json, "json");
    this.promptText = Objects.requireNonNull(promptText, "promptText");
  }

  public void register(Router router) {
    router.post("/api/demo/pbx/pick-up", this::pickUp);
  }

  HttpResponse pickUp(HttpRequest request) {
    JsonNode body = request.body() == null || request.body().length == 0 ? null : json.tree(request.body());
    if (body != null && !body.isObject()) {
      throw ApiException.badRequest("expected a JSON object", null);
    }
    String keys = body == null || !body.hasNonNull("keys") ? "" : body.get("keys").asText();
    try {
      if (keys.length() > 80) {
        throw new IllegalArgumentException("too long");
      }
      com.serveurcom.astreinte.simulator.ScriptedCaller.parseKeys(keys);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("keys: entries separated by commas (digits, * and #, - for silence, hangup)",
          "keys");
    }
    int wait = body == null || !body.hasNonNull("wait_seconds") ? 0 : body.get("wait_seconds").asInt(-1);
    if (wait < 0 || wait > MAX_WAIT_SECONDS) {
      throw ApiException.badRequest("wait_seconds: 0 to " + MAX_WAIT_SECONDS, "wait_seconds");
    }
    Optional<DemoPbx.PickedUp> picked;
    try {
      picked = pbx.pickUp(keys, Duration.ofSeconds(wait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted", null);
    }
    if (picked.isEmpty()) {
      return HttpResponse.json(404, json.write(JsonBodies.error("no page call is ringing", null)));
    }
    SimulatedCallResult call = picked.get().result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("page", picked.get().call().uniqueId());
    m.put("dialed_masked", Phones.maskAll(picked.get().call().dialed()));
    m.put("request", call.digitsSaid().isEmpty() ? null : call.digitsSaid().get(0));
    m.put("keys", picked.get().keys());
    m.put("keys_used", call.keysConsumed());
    m.put("heard", heard(call.commands()));
    m.put("dial", call.commands().stream().filter(c -> DIAL.matcher(c).find()).map(Phones::maskAll).toList());
    m.put("agi_status", call.ajAgiStatus());
    return HttpResponse.json(200, json.write(m));
  }

  private static final Pattern PROMPT = Pattern.compile("^(?:STREAM FILE|GET DATA|GET OPTION) \"?([^\" ]+)\"?");
  private static final Pattern SAY = Pattern.compile("^SAY (?:DIGITS|NUMBER) \"?([0-9]+)\"?");
  private static final Pattern DIAL = Pattern.compile("^EXEC \"?Dial\"?", Pattern.CASE_INSENSITIVE);

  /**
   * What the technician heard, in order, from the AGI commands: a prompt (its name and French text), a number
   * said, the customer's message from the spool, the put-through.
   */
  private List<Map<String, String>> heard(List<String> commands) {
    List<Map<String, String>> heard = new ArrayList<>();
    for (String c : commands) {
      Matcher prompt = PROMPT.matcher(c);
      Matcher say = SAY.matcher(c);
      Map<String, String> h = new LinkedHashMap<>();
      if (prompt.find()) {
        String name = prompt.group(1);
        if (name.startsWith("/")) {
          h.put("message", name);
        } else {
          h.put("prompt", name);
          h.put("text", promptText.apply(name));
        }
      } else if (say.find()) {
        h.put("said", say.group(1));
      } else if (DIAL.matcher(c).find()) {
        h.put("dial", Phones.maskAll(c));
      } else {
        continue;
      }
      heard.add(h);
    }
    return heard;
  }
}
