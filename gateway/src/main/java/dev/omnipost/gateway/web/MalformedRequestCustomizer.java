package dev.omnipost.gateway.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link MalformedRequestHandler} right after Netty's HTTP codec on every connection, so the
 * requests Reactor Netty and Spring's adapter would refuse with an empty body get the error
 * envelope too.
 */
@Component
public class MalformedRequestCustomizer implements NettyServerCustomizer {

  static final String HANDLER = "omnipost.malformedRequests";

  private final JsonMapper jsonMapper;

  public MalformedRequestCustomizer(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  @Override
  public HttpServer apply(HttpServer server) {
    return server.doOnChannelInit(
        (observer, channel, remote) -> {
          if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
              && channel.pipeline().get(HANDLER) == null) {
            channel
                .pipeline()
                .addAfter(
                    NettyPipeline.HttpCodec, HANDLER, new MalformedRequestHandler(jsonMapper));
          }
        });
  }
}
