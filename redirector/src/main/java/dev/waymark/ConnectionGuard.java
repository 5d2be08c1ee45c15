package dev.waymark;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1 connection's guard, between Netty's HTTP codec and Vert.x. It guarantees two things:
 *
 * <ul>
 *   <li>A connection that waits longer than the head deadline for a complete request head (after
 *       it opened, or after its last response) is closed: slow-header clients cannot hold a
 *       descriptor beyond it, however slowly they keep trickling bytes.
 *   <li>A client that half-closes (shuts down its write side after its request) still gets every
 *       response it asked for; the connection is closed once they are written.
 *   <li>An HTTP/1.1 request without {@code Host} gets 400 and the connection is closed.
 * </ul>
 *
 * <p>All of it runs on the connection's event loop. Per request it only counts heads and ends and
 * reads the clock when the last response ends; the deadline check is one scheduled task per
 * connection and deadline period, not per request.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

  private static final String NO_HOST = "An HTTP/1.1 request must carry a Host header (RFC 9112, section 3.2).\n";

  private final long headerTimeoutNanos;
  private final Runnable onHeaderTimeout;
  /** Heads read minus responses ended: 0 means the connection waits for a request head. */
  private int inFlight;
  private long waitingSince;
  private boolean inputShut;
  /** Set once a request was refused: everything read after it is dropped, the connection closes. */
  private boolean rejecting;
  private FullHttpResponse pendingRefusal;
  private ChannelPromise pendingRefusalPromise;

  ConnectionGuard(long headerTimeoutNanos, Runnable onHeaderTimeout) {
    this.headerTimeoutNanos = headerTimeoutNanos;
    this.onHeaderTimeout = onHeaderTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    waitingSince = System.nanoTime();
    ctx.executor().schedule(() -> checkHead(ctx), headerTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void checkHead(ChannelHandlerContext ctx) {
    if (!ctx.channel().isOpen()) {
      return;
    }
    long waited = System.nanoTime() - waitingSince;
    if (inFlight == 0 && waited >= headerTimeoutNanos) {
      onHeaderTimeout.run();
      ctx.close();
      return;
    }
    long next = inFlight == 0 ? headerTimeoutNanos - waited : headerTimeoutNanos;
    ctx.executor().schedule(() -> checkHead(ctx), next, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (rejecting) {
      ReferenceCountUtil.release(msg); // the rest of a refused request; the connection is closing
      return;
    }
    if (msg instanceof HttpRequest request) {
      if (request.protocolVersion() == HttpVersion.HTTP_1_1 && !request.headers().contains(HttpHeaderNames.HOST)) {
        refuseWithoutHost(ctx, msg);
        return;
      }
      inFlight++;
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without {@code Host}. Answered
   * here, before Vert.x, so neither port's handlers see it and no hit is recorded: it names no
   * site, so it is not a visit to one of ours. HTTP/1.0 needs no {@code Host} and passes.
   */
  private void refuseWithoutHost(ChannelHandlerContext ctx, Object msg) {
    rejecting = true;
    ReferenceCountUtil.release(msg);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
        Unpooled.copiedBuffer(NO_HOST, StandardCharsets.US_ASCII));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    // Answers before any pipelined response still owed would break their order: wait for them.
    ChannelPromise written = ctx.newPromise().addListener(ChannelFutureListener.CLOSE);
    if (inFlight == 0) {
      ctx.writeAndFlush(response, written);
    } else {
      pendingRefusal = response;
      pendingRefusalPromise = written;
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof LastHttpContent && !isInterim(msg) && inFlight > 0 && --inFlight == 0) {
      if (pendingRefusal != null) {
        ctx.write(msg, promise);
        ctx.writeAndFlush(pendingRefusal, pendingRefusalPromise);
        pendingRefusal = null;
        return;
      }
      if (inputShut) {
        // The client sent all it will: close once its last answer is on the wire.
        ChannelPromise written = promise.unvoid();
        written.addListener(ChannelFutureListener.CLOSE);
        ctx.write(msg, written);
        return;
      }
      waitingSince = System.nanoTime();
    }
    ctx.write(msg, promise);
  }

  /** A {@code 100 Continue} is a whole message too, but not the answer to its request. */
  private static boolean isInterim(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShut = true;
      if (inFlight == 0) {
        ctx.close(); // nothing asked, nothing owed
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }
}
