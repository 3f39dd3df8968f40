package dev.omnipost.gateway.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers, with the error envelope, the requests that would otherwise be refused with an empty body
 * before any of the gateway's handlers runs: those Netty's HTTP decoder could not parse (request
 * line over the limit: 414; headers over it: 431; a control character in a header, a bad {@code
 * Content-Length}, {@code Transfer-Encoding} with {@code Content-Length}: 400) and those whose
 * request target is no URI (a broken percent-escape, a raw non-ASCII byte, {@code \}, {@code [}),
 * which Spring's adapter refuses with a bare 400. It sits right after Netty's HTTP codec; the
 * connection is closed after the answer, as Reactor Netty does, since the rest of such a request
 * cannot be trusted.
 */
final class MalformedRequestHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(MalformedRequestHandler.class);

  private final JsonMapper jsonMapper;
  private boolean refusing;

  MalformedRequestHandler(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refusing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ApiException refusal = null;
    if (msg instanceof HttpRequest request) {
      refusal = refusal(request.decoderResult());
      if (refusal == null) {
        refusal = invalidTarget(request.uri());
      }
    } else if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
      // a body that fails to decode after its request went on (a bad chunk size): Reactor Netty
      // ends that exchange itself; nothing can be answered in its place any more.
      ctx.fireChannelRead(msg);
      return;
    }
    if (refusal == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    refusing = true;
    log.debug("Refused a malformed request: {} {}", refusal.status(), refusal.code());
    byte[] body = jsonMapper.writeValueAsBytes(ApiErrorHandler.envelope(refusal));
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(refusal.status().value()),
            Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set("X-Content-Type-Options", "nosniff");
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /** The answer to a request Netty could not decode, or null when it could. */
  static ApiException refusal(DecoderResult result) {
    if (!result.isFailure()) {
      return null;
    }
    Throwable cause = result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return new ApiException(
          HttpStatus.URI_TOO_LONG,
          "request.uri_too_long",
          "The request line is longer than this server accepts; send long values in the body",
          Map.of());
    }
    if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      return new ApiException(
          HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "request.headers_too_large",
          "The request's headers are larger than this server accepts",
          Map.of());
    }
    String detail = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    String reason;
    if (detail.contains("Content-Length") && detail.contains("Transfer-Encoding")) {
      reason = "a request may not carry both Transfer-Encoding and Content-Length";
    } else if (detail.toLowerCase(java.util.Locale.ROOT).contains("content-length")
        || detail.toLowerCase(java.util.Locale.ROOT).contains("content length")) {
      reason = "Content-Length must be one non-negative decimal number";
    } else if (detail.contains("header")) {
      reason = "a header name or value holds a character HTTP does not allow (a control character)";
    } else {
      reason = "the request is not well-formed HTTP/1.1";
    }
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "request.malformed",
        "Malformed HTTP request: " + reason,
        Map.of("reason", reason));
  }

  /**
   * The answer to a request target that is no URI (as Spring's {@code ReactorServerHttpRequest}
   * would parse it), or null when it is one.
   */
  static ApiException invalidTarget(String target) {
    String path = target;
    int scheme = target.indexOf("://");
    if (!target.startsWith("/") && scheme > 0) {
      int slash = target.indexOf('/', scheme + 3);
      path = slash < 0 ? "" : target.substring(slash);
    }
    try {
      new URI("http://localhost" + path);
      return null;
    } catch (URISyntaxException e) {
      return new ApiException(
          HttpStatus.BAD_REQUEST,
          "request.invalid_uri",
          "The request target is not a valid URI ("
              + e.getReason()
              + "): percent-encode characters outside RFC 3986 and every '%' as %25",
          e.getIndex() < 0
              ? Map.of()
              : Map.of("index", Math.max(0, e.getIndex() - "http://localhost".length())));
    }
  }
}
