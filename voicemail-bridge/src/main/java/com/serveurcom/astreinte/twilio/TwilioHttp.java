package com.serveurcom.astreinte.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client twilio-java sends through. It exists for two reasons:
 * <ul>
 *   <li>twilio-java has no base-URL setting (it hard-codes {@code https://api.twilio.com}), and tests and
 *       staging point it at a fake: every request is rewritten to {@code apiBase}, path and query kept;</li>
 *   <li>{@code HttpClient.reliableRequest} silently repeats any request, POST included, up to 3 times on a
 *       5xx: a Twilio 500 on a Messages POST could page a technician three times. Here a request is sent
 *       exactly once; the paging engine retries above, with backoff and an idempotency key.</li>
 * </ul>
 */
public class TwilioHttp extends NetworkHttpClient implements AutoCloseable {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

  private final String base;

  public TwilioHttp(URI apiBase) {
    this(apiBase, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
  }

  public TwilioHttp(URI apiBase, Duration connectTimeout, Duration readTimeout) {
    super(clientBuilder(connectTimeout, readTimeout));
    String s = apiBase.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static HttpClientBuilder clientBuilder(Duration connectTimeout, Duration readTimeout) {
    Timeout connect = Timeout.of(connectTimeout);
    Timeout read = Timeout.of(readTimeout);
    return HttpClientBuilder.create()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(read).build())
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build())
            .setMaxConnPerRoute(10)
            .setMaxConnTotal(20)
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect).setResponseTimeout(read).build())
        // Apache's own retry strategy must not resend either: one call of makeRequest = one request on the wire.
        .disableAutomaticRetries();
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(rewrite(request));
  }

  /** Exactly once, whatever the status: see the class comment. */
  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  @Override
  public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
    return makeRequest(request);
  }

  /** The same request aimed at the configured base: path and query kept, auth, headers and body copied. */
  Request rewrite(Request original) {
    URI target = URI.create(original.getUrl());
    String url = base + (target.getRawPath() == null ? "" : target.getRawPath())
        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    Request copy = new Request(original.getMethod(), url);
    copy.setContentType(original.getContentType());
    if (original.getBody() != null) {
      copy.setBody(original.getBody());
    }
    if (original.getFormParameters() != null) {
      copy.setFormParameters(original.getFormParameters());
    }
    original.getPostParams().forEach((k, vs) -> vs.forEach(v -> copy.addPostParam(k, v)));
    original.getQueryParams().forEach((k, vs) -> vs.forEach(v -> copy.addQueryParam(k, v)));
    original.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> copy.addHeaderParam(k, v)));
    copy.setUserAgentExtensions(original.getUserAgentExtensions());
    if (original.getAuthStrategy() != null) {
      copy.setAuth(original.getAuthStrategy());
    } else if (original.getUsername() != null) {
      copy.setAuth(original.getUsername(), original.getPassword());
    }
    return copy;
  }

  /** Closes the connection pool. */
  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // Nothing to recover at shutdown; the sockets die with the process.
    }
  }

  @Override
  public String toString() {
    return "TwilioHttp[" + base + "]";
  }
}
