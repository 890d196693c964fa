package com.serveurcom.astreinte.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP fake of the two Twilio REST endpoints paging uses, on 127.0.0.1 and a free port. Main code, not
 * test code, because the default run ({@code serve --demo}), ivr-server's tests and a staging mock all
 * point twilio-java at it through {@code ASTREINTE_TWILIO_API_BASE}.
 *
 * <p>Faithful where our code depends on it: Basic auth (401, code 20003), required fields (400, code
 * 21604/21602/21205...), an invalid To (400, 21211), the 4000-character Twiml limit, Twilio-shaped JSON
 * for successes and errors, and the list resources the pager reads after an ambiguous failure
 * ({@code GET .../Messages.json?To=..&DateSent>=..}, {@code GET .../Calls.json?To=..&StartTime>=..}, newest
 * first, with API 2010-04-01's paging fields). It sends nothing anywhere; it keeps what it recorded and
 * the messages and calls it "took" (a message is listed as {@code sent} at once, a call as started).
 *
 * <p>Faults it can script: an error status ({@link #failNext}), an answer held back before processing
 * ({@link #delayNext}), a request processed and answered only later ({@link #answerLateNext}: the client
 * times out although Twilio took it), and a connection broken before processing ({@link #breakNext}).
 */
public final class FakeTwilioServer implements AutoCloseable {
  /** One request as it arrived. Header names are case-insensitive. */
  public record RecordedRequest(String method, String path, Map<String, List<String>> form,
      Map<String, List<String>> headers, Instant arrivedAt) {
    public RecordedRequest {
      form = Collections.unmodifiableMap(new LinkedHashMap<>(form));
      TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      h.putAll(headers);
      headers = Collections.unmodifiableMap(h);
    }

    /** First value of a form field, or null. */
    public String param(String name) {
      List<String> v = form.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** First value of a header, or null. */
    public String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String idempotencyToken() {
      return header(TwilioPager.IDEMPOTENCY_HEADER);
    }
  }

  /** @param resource {@code Messages}, {@code Calls}, or null for any request */
  private record Scripted(String resource, int status, int code, String message) {
  }

  /** A scripted delay, for one resource or (null) any request. */
  private record Timed(String resource, Duration delay) {
  }

  private static final Pattern ROUTE = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\\.json$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{7,14}$");
  private static final DateTimeFormatter RFC2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  private final String accountSid;
  private final String authToken;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger threads = new AtomicInteger();

  private final Object lock = new Object();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final Deque<Scripted> failures = new ArrayDeque<>();
  private final Deque<Duration> delays = new ArrayDeque<>();
  private final Deque<Timed> lateAnswers = new ArrayDeque<>();
  private final List<String> breaks = new ArrayList<>();
  /** What was taken, oldest first: the list resources read these. */
  private final List<Map<String, Object>> messages = new ArrayList<>();
  private final List<Map<String, Object>> calls = new ArrayList<>();

  private FakeTwilioServer(String accountSid, String authToken, Clock clock) throws IOException {
    this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
    this.authToken = Objects.requireNonNull(authToken, "authToken");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Several threads: a delayed answer must not hold up the next request (timeouts are tested that way).
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-twilio-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Started on 127.0.0.1 and a free port. */
  public static FakeTwilioServer start(String accountSid, String authToken, Clock clock) throws IOException {
    FakeTwilioServer f = new FakeTwilioServer(accountSid, authToken, clock);
    f.server.start();
    return f;
  }

  public static FakeTwilioServer start(String accountSid, String authToken) throws IOException {
    return start(accountSid, authToken, Clock.systemUTC());
  }

  /** What {@code ASTREINTE_TWILIO_API_BASE} should be set to. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public String accountSid() {
    return accountSid;
  }

  /** A copy of everything received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** Waits until at least {@code n} requests arrived; returns them all. */
  public List<RecordedRequest> awaitRequests(int n, Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (requests.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("expected " + n + " requests to the Twilio fake, got " + requests.size());
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return List.copyOf(requests);
    }
  }

  /** The next {@code times} requests get this HTTP status with a Twilio-shaped error (code 20000 + status). */
  public void failNext(int status, int times) {
    failNext(status, 20000 + status, defaultMessage(status), times);
  }

  /** The next {@code times} requests get this status, Twilio error code and message. */
  public void failNext(int status, int code, String message, int times) {
    failNext(null, status, code, message, times);
  }

  /** The next {@code times} requests to {@code resource} ({@code Messages} or {@code Calls}) get this error. */
  public void failNext(String resource, int status, int code, String message, int times) {
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        failures.add(new Scripted(resource, status, code, message));
      }
    }
  }

  /** The next request is answered only after this delay (to test read timeouts). */
  public void delayNext(Duration delay) {
    synchronized (lock) {
      delays.add(delay);
    }
  }

  /**
   * The next create request is processed (the message or call is taken, and listed from then on) but its
   * answer is held back this long: a client with a shorter read timeout sees a timeout for a send that
   * went out.
   */
  public void answerLateNext(String resource, Duration delay) {
    synchronized (lock) {
      lateAnswers.add(new Timed(resource, delay));
    }
  }

  /**
   * The next request to {@code resource} ({@code Messages}, {@code Calls}, or null for any) has its connection
   * closed before it is processed: nothing is taken, no answer comes.
   */
  public void breakNext(String resource) {
    synchronized (lock) {
      breaks.add(resource);
    }
  }

  /** The messages taken so far (as the list resource shows them), oldest first. */
  public List<Map<String, Object>> messagesTaken() {
    synchronized (lock) {
      return List.copyOf(messages);
    }
  }

  /** The calls taken so far, oldest first. */
  public List<Map<String, Object>> callsTaken() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /** Forgets the recorded requests, what was taken, and the scripted failures and delays. */
  public void reset() {
    synchronized (lock) {
      requests.clear();
      failures.clear();
      delays.clear();
      lateAnswers.clear();
      breaks.clear();
      messages.clear();
      calls.clear();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      Map<String, List<String>> form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
          ? parseForm(body) : Map.of();
      RecordedRequest rec = new RecordedRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), form,
          ex.getRequestHeaders(), clock.instant());
      Scripted failure;
      Duration delay;
      Duration late;
      boolean broken;
      String resource = rec.path().endsWith("/Messages.json") ? "Messages"
          : rec.path().endsWith("/Calls.json") ? "Calls" : "";
      boolean create = "POST".equals(rec.method());
      synchronized (lock) {
        requests.add(rec);
        lock.notifyAll();
        broken = takeFirst(breaks, r -> r == null || r.equals(resource)) != null;
        failure = broken ? null : takeFirst(failures, f -> f.resource() == null || f.resource().equals(resource));
        delay = broken ? null : delays.poll();
        Timed t = broken || !create ? null
            : takeFirst(lateAnswers, l -> l.resource() == null || l.resource().equals(resource));
        late = t == null ? null : t.delay();
      }
      if (broken) {
        // No status line, no body: the client sees the connection end before any answer.
        throw new IOException("connection broken on purpose by the Twilio fake");
      }
      if (delay != null) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (failure != null) {
        error(ex, failure.status(), failure.code(), failure.message());
        return;
      }
      route(ex, rec, late);
    }
  }

  /** Removes and returns the first element that fits, or null. */
  private static <T> T takeFirst(java.util.Collection<T> c, java.util.function.Predicate<T> fits) {
    for (java.util.Iterator<T> it = c.iterator(); it.hasNext(); ) {
      T t = it.next();
      if (fits.test(t)) {
        it.remove();
        return t;
      }
    }
    return null;
  }

  private void route(HttpExchange ex, RecordedRequest rec, Duration late) throws IOException {
    Matcher m = ROUTE.matcher(rec.path());
    if (!m.matches()) {
      error(ex, 404, 20404, "The requested resource " + rec.path() + " was not found");
      return;
    }
    if (!"POST".equals(rec.method()) && !"GET".equals(rec.method())) {
      error(ex, 405, 20004, "Method not allowed");
      return;
    }
    if (!authorized(rec.header("Authorization")) || !accountSid.equals(m.group(1))) {
      error(ex, 401, 20003, "Authenticate");
      return;
    }
    if ("GET".equals(rec.method())) {
      list(ex, m.group(2), ex.getRequestURI().getRawQuery());
      return;
    }
    Answer answer = m.group(2).equals("Messages") ? message(rec) : call(rec);
    if (late != null) {
      // Taken already (listed from now on); the answer comes after the client stopped waiting.
      try {
        Thread.sleep(late.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    send(ex, answer.status(), answer.json());
  }

  private record Answer(int status, Map<String, Object> json) {
  }

  private static Answer errorAnswer(int status, int code, String message) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("code", code);
    json.put("message", message);
    json.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    json.put("status", status);
    return new Answer(status, json);
  }

  /**
   * The list resources, newest first, with the filters Twilio documents for them: {@code To}, {@code From},
   * {@code DateSent} / {@code DateSent<} / {@code DateSent>} (messages), {@code Status}, {@code StartTime} /
   * {@code StartTime<} / {@code StartTime>} (calls); {@code X>=v} on the wire is the parameter {@code X>}.
   * A bare date compares by UTC day, a date-time to the second. Paging by {@code PageSize} and {@code Page}.
   */
  private void list(HttpExchange ex, String resource, String rawQuery) throws IOException {
    Map<String, List<String>> q = parseForm(rawQuery == null ? "" : rawQuery);
    boolean isMessages = resource.equals("Messages");
    String dateField = isMessages ? "DateSent" : "StartTime";
    String jsonDate = isMessages ? "date_sent" : "start_time";
    int pageSize;
    int page;
    try {
      pageSize = q.containsKey("PageSize") ? Integer.parseInt(q.get("PageSize").get(0)) : 50;
      page = q.containsKey("Page") ? Integer.parseInt(q.get("Page").get(0)) : 0;
    } catch (NumberFormatException e) {
      error(ex, 400, 20001, "Invalid paging parameter");
      return;
    }
    if (pageSize < 1 || pageSize > 1000 || page < 0) {
      error(ex, 400, 20001, "PageSize must be 1..1000 and Page at least 0");
      return;
    }
    List<Map<String, Object>> all;
    synchronized (lock) {
      all = new ArrayList<>(isMessages ? messages : calls);
    }
    Collections.reverse(all);
    List<Map<String, Object>> matching = new ArrayList<>();
    try {
      for (Map<String, Object> r : all) {
        if (matches(r, q, "To", "to") && matches(r, q, "From", "from") && matches(r, q, "Status", "status")
            && dateMatches((String) r.get(jsonDate), q, dateField)) {
          matching.add(r);
        }
      }
    } catch (java.time.format.DateTimeParseException e) {
      error(ex, 400, 20001, "Invalid " + dateField + " filter");
      return;
    }
    int from = Math.min(page * pageSize, matching.size());
    int to = Math.min(from + pageSize, matching.size());
    String key = isMessages ? "messages" : "calls";
    String path = "/2010-04-01/Accounts/" + accountSid + "/" + resource + ".json";
    String filters = filterQuery(q);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(key, matching.subList(from, to));
    json.put("end", to == from ? from : to - 1);
    json.put("first_page_uri", path + "?" + filters + "PageSize=" + pageSize + "&Page=0");
    json.put("next_page_uri", to < matching.size()
        ? path + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page + 1) + "&PageToken=PA" + to : null);
    json.put("page", page);
    json.put("page_size", pageSize);
    json.put("previous_page_uri", page > 0
        ? path + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page - 1) + "&PageToken=PB" + from : null);
    json.put("start", from);
    json.put("uri", path + "?" + filters + "PageSize=" + pageSize + "&Page=" + page);
    send(ex, 200, json);
  }

  private static boolean matches(Map<String, Object> r, Map<String, List<String>> q, String param, String field) {
    return !q.containsKey(param) || q.get(param).get(0).equals(r.get(field));
  }

  private static boolean dateMatches(String rfc2822, Map<String, List<String>> q, String param) {
    boolean filtered = q.containsKey(param) || q.containsKey(param + "<") || q.containsKey(param + ">");
    if (!filtered) {
      return true;
    }
    if (rfc2822 == null) {
      return false; // not sent / not started: Twilio's date filters leave it out too
    }
    Instant at = java.time.ZonedDateTime.parse(rfc2822, RFC2822).toInstant();
    return compare(at, q, param, 0) && compare(at, q, param + "<", -1) && compare(at, q, param + ">", 1);
  }

  /** @param direction 0 equal, -1 on or before, 1 on or after */
  private static boolean compare(Instant at, Map<String, List<String>> q, String param, int direction) {
    if (!q.containsKey(param)) {
      return true;
    }
    String v = q.get(param).get(0);
    if (v.length() == 10) {
      java.time.LocalDate day = java.time.LocalDate.parse(v);
      java.time.LocalDate actual = at.atZone(ZoneOffset.UTC).toLocalDate();
      int c = actual.compareTo(day);
      return direction == 0 ? c == 0 : direction < 0 ? c <= 0 : c >= 0;
    }
    Instant bound = java.time.LocalDateTime.parse(v.endsWith("Z") ? v.substring(0, v.length() - 1) : v)
        .toInstant(ZoneOffset.UTC);
    Instant second = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    int c = second.compareTo(bound);
    return direction == 0 ? c == 0 : direction < 0 ? c <= 0 : c >= 0;
  }

  private static String filterQuery(Map<String, List<String>> q) {
    StringBuilder sb = new StringBuilder();
    q.forEach((k, vs) -> {
      if (!k.equals("PageSize") && !k.equals("Page") && !k.equals("PageToken")) {
        vs.forEach(v -> sb.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
      }
    });
    return sb.toString();
  }

  private Answer message(RecordedRequest rec) {
    String to = rec.param("To");
    String from = rec.param("From");
    String body = rec.param("Body");
    if (to == null) {
      return errorAnswer(400, 21604, "A 'To' phone number is required.");
    } else if (from == null && rec.param("MessagingServiceSid") == null) {
      return errorAnswer(400, 21603, "A 'From' phone number is required.");
    } else if ((body == null || body.isEmpty()) && rec.param("MediaUrl") == null) {
      return errorAnswer(400, 21602, "Message body is required.");
    } else if (!E164.matcher(to).matches()) {
      return errorAnswer(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
    } else if (body != null && body.length() > 1600) {
      return errorAnswer(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
    } else if (!validCallback(rec.param("StatusCallback"))) {
      return errorAnswer(400, 21609, "Invalid StatusCallback URL.");
    } else {
      String sid = "SM" + hex32();
      String now = RFC2822.format(clock.instant());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("account_sid", accountSid);
      json.put("api_version", "2010-04-01");
      json.put("body", body);
      json.put("date_created", now);
      json.put("date_sent", null);
      json.put("date_updated", now);
      json.put("direction", "outbound-api");
      json.put("error_code", null);
      json.put("error_message", null);
      json.put("from", from);
      json.put("messaging_service_sid", rec.param("MessagingServiceSid"));
      json.put("num_media", "0");
      json.put("num_segments", "1");
      json.put("price", null);
      json.put("price_unit", "USD");
      json.put("sid", sid);
      json.put("status", "queued");
      json.put("to", to);
      json.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
      // Listed as sent at once: the fake has no carrier to wait for.
      Map<String, Object> listed = new LinkedHashMap<>(json);
      listed.put("date_sent", now);
      listed.put("status", "sent");
      synchronized (lock) {
        messages.add(listed);
      }
      return new Answer(201, json);
    }
  }

  private Answer call(RecordedRequest rec) {
    String to = rec.param("To");
    String from = rec.param("From");
    String twiml = rec.param("Twiml");
    if (to == null) {
      return errorAnswer(400, 21201, "No 'To' number is specified");
    } else if (from == null) {
      return errorAnswer(400, 21213, "No 'From' number is specified");
    } else if (twiml == null && rec.param("Url") == null && rec.param("ApplicationSid") == null) {
      return errorAnswer(400, 21205, "Url, ApplicationSid or Twiml is required");
    } else if (!E164.matcher(to).matches()) {
      return errorAnswer(400, 21211, "Invalid 'To' Phone Number: " + to);
    } else if (twiml != null && twiml.length() > PageTwiml.TWIML_LIMIT) {
      // Twilio documents the limit on the Twiml parameter; the code is our approximation of its answer.
      return errorAnswer(400, 21232, "Twiml exceeds the maximum length of " + PageTwiml.TWIML_LIMIT + " characters");
    } else if (!validCallback(rec.param("StatusCallback"))) {
      return errorAnswer(400, 21609, "Invalid StatusCallback URL.");
    } else {
      String sid = "CA" + hex32();
      String now = RFC2822.format(clock.instant());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("account_sid", accountSid);
      json.put("annotation", null);
      json.put("answered_by", null);
      json.put("api_version", "2010-04-01");
      json.put("caller_name", null);
      json.put("date_created", now);
      json.put("date_updated", now);
      json.put("direction", "outbound-api");
      json.put("duration", null);
      json.put("end_time", null);
      json.put("forwarded_from", null);
      json.put("from", from);
      json.put("from_formatted", from);
      json.put("group_sid", null);
      json.put("parent_call_sid", null);
      json.put("phone_number_sid", null);
      json.put("price", null);
      json.put("price_unit", "USD");
      json.put("sid", sid);
      json.put("start_time", null);
      json.put("status", "queued");
      json.put("to", to);
      json.put("to_formatted", to);
      json.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid + ".json");
      Map<String, Object> listed = new LinkedHashMap<>(json);
      listed.put("start_time", now);
      listed.put("status", "in-progress");
      synchronized (lock) {
        calls.add(listed);
      }
      return new Answer(201, json);
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return decoded.equals(accountSid + ":" + authToken);
  }

  private static boolean validCallback(String url) {
    if (url == null) {
      return true;
    }
    try {
      URI u = new URI(url);
      return u.getScheme() != null && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private void error(HttpExchange ex, int status, int code, String message) throws IOException {
    Answer a = errorAnswer(status, code, message);
    send(ex, a.status(), a.json());
  }

  private static void send(HttpExchange ex, int status, Map<String, Object> json) throws IOException {
    byte[] bytes = toJson(json).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, List<String>> parseForm(String body) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return m;
    }
    for (String pair : body.split("&")) {
      int i = pair.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
      m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return m;
  }

  private static String hex32() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Error " + status;
    };
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** Twilio-shaped answers: flat objects of strings, numbers and nulls. */
  static String toJson(Map<String, Object> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
