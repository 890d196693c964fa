package com.serveurcom.astreinte.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's HTTP endpoint (health, metrics, API, Twilio webhooks) on Netty. Netty's event
 * loop only parses and writes; handlers run on a small worker pool because they block on the
 * database, and a blocked event loop would stall every other connection.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  /** The listen backlog asked of the kernel. */
  public static final int BACKLOG = 4096;

  private final Router router;
  private final JsonBodies json;
  private final BearerToken apiToken;
  private final int maxBodyBytes;
  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final ExecutorService workers;
  private Channel serverChannel;

  /**
   * @param apiToken guards every path under {@code /api/}; other paths (health, metrics,
   *     webhooks with their own signatures) are public
   */
  public HttpServer(Router router, JsonBodies json, BearerToken apiToken, int maxBodyBytes, int workerThreads) {
    this.router = router;
    this.json = json;
    this.apiToken = apiToken;
    this.maxBodyBytes = maxBodyBytes;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            workerThreads,
            r -> {
              Thread t = new Thread(r, "http-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Binds and returns the bound address (port 0 picks a free one). Fails fast when the port is taken. */
  public InetSocketAddress start(InetSocketAddress bind) throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, io)
            .channel(NioServerSocketChannel.class)
            // A burst of connections (a page storm's webhooks, a monitoring fan-out) waits in the kernel's
            // accept queue; past it Linux resets them. 256 overflowed at 2 000 simultaneous connections;
            // the kernel caps this at net.core.somaxconn (4096 by default since Linux 5.4), see README.
            .option(ChannelOption.SO_BACKLOG, BACKLOG)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new ReadTimeoutHandler(60, TimeUnit.SECONDS))
                        .addLast(new HttpServerCodec(8192, 16384, 8192))
                        .addLast(new JsonAggregator(maxBodyBytes))
                        .addLast(new Dispatcher());
                  }
                });
    try {
      serverChannel = b.bind(bind).sync().channel();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("impossible d'écouter en HTTP sur " + bind + " : " + e.getMessage(), e);
    }
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    log.info("HTTP à l'écoute sur {}", bound);
    return bound;
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    workers.shutdown();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Aggregates bodies, answering an oversized one with our JSON 413 instead of Netty's bare one. */
  private final class JsonAggregator extends HttpObjectAggregator {
    JsonAggregator(int max) {
      super(max);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      // Closing at once while the body is still arriving makes the kernel reset the connection,
      // and the client may then lose the 413 (seen as a flaky "broken pipe"). On a keep-alive
      // request the aggregator reads and discards the rest of the body instead, as Netty's own
      // handler does.
      boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
      FullHttpResponse r =
          nettyResponse(
              HttpResponse.json(
                  413, json.write(JsonBodies.error("request body larger than " + maxBodyBytes + " bytes", null))),
              keepAlive);
      ctx.writeAndFlush(r)
          .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }
  }

  private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      boolean keepAlive = HttpUtil.isKeepAlive(msg);
      if (!msg.decoderResult().isSuccess()) {
        write(ctx, error(400, "malformed HTTP request", null), false);
        return;
      }
      HttpRequest request;
      try {
        request = toRequest(ctx, msg);
      } catch (IllegalArgumentException e) {
        // A malformed percent-escape (%zz, a lone %) in the path or query: the client's error, said at the door,
        // so no handler ever meets an undecodable URL.
        write(ctx, error(400, "malformed percent-escape in the URL", null), false);
        return;
      }
      try {
        workers.execute(() -> write(ctx, handle(request), keepAlive));
      } catch (RejectedExecutionException e) {
        write(ctx, error(503, "server is stopping", null), false);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("erreur de connexion HTTP : {}", cause.toString());
      ctx.close();
    }
  }

  private HttpResponse handle(HttpRequest request) {
    try {
      Router.Match m = router.match(request.method(), request.path());
      if (!m.found()) {
        if (!m.allowed().isEmpty()) {
          return error(405, "method not allowed", null).withHeader("Allow", String.join(", ", m.allowed()));
        }
        return error(404, "no such resource", null);
      }
      if (request.path().startsWith("/api/") && !apiToken.accepts(request.header("authorization"))) {
        return error(401, "missing or invalid bearer token", null)
            .withHeader("WWW-Authenticate", "Bearer");
      }
      HttpRequest bound =
          new HttpRequest(
              request.method(), request.uri(), request.path(), request.query(), m.pathParams(),
              request.headers(), request.body(), request.remote());
      return m.handler().handle(bound);
    } catch (ApiException e) {
      return error(e.status(), e.getMessage(), e.field());
    } catch (Exception e) {
      // Our bug, not the client's: log it with the stack, answer without one.
      log.error("échec de la requête HTTP {} {}", request.method(), request.path(), e);
      return error(500, "internal error", null);
    }
  }

  private HttpResponse error(int status, String message, String field) {
    return HttpResponse.json(status, json.write(JsonBodies.error(message, field)));
  }

  private static HttpRequest toRequest(ChannelHandlerContext ctx, FullHttpRequest msg) {
    QueryStringDecoder q = QueryStringDecoder.builder().semicolonIsNormalChar(true).build(msg.uri());
    // Decoded here, at once: the decoder is lazy and would otherwise throw inside a handler. Routes that read
    // the raw query (signed links, webhooks) then only ever meet well-formed escapes.
    q.path();
    q.parameters();

    Map<String, String> headers = new HashMap<>();
    msg.headers().forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + "," + b));
    return new HttpRequest(
        msg.method().name(),
        msg.uri(),
        q.path(),
        q.parameters(),
        Map.of(),
        headers,
        ByteBufUtil.getBytes(msg.content()),
        (InetSocketAddress) ctx.channel().remoteAddress());
  }

  private static void write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive) {
    FullHttpResponse r = nettyResponse(response, keepAlive);
    var f = ctx.writeAndFlush(r);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse nettyResponse(HttpResponse response, boolean keepAlive) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(response.status()),
            Unpooled.wrappedBuffer(response.body()));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    r.headers().set("X-Content-Type-Options", "nosniff");
    // Every answer (pages, API, recordings, errors) holds customers' details or a signed link: kept by no
    // browser or proxy and indexed by no robot, unless a handler says otherwise.
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("X-Robots-Tag", "noindex, nofollow");
    response.headers().forEach((k, v) -> r.headers().set(k, v));
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return r;
  }
}
