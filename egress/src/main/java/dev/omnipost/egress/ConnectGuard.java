package dev.omnipost.egress;

import dev.omnipost.egress.EgressBlockedException.Reason;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The last check before a socket connects: whatever produced the address (the resolver, a proxy
 * setting, a pinned remote address), the connection goes ahead only if the guard allows it.
 */
@ChannelHandler.Sharable
final class ConnectGuard extends ChannelOutboundHandlerAdapter {

  static final String NAME = "omnipost.egress.ConnectGuard";

  private final EgressGuard guard;

  ConnectGuard(EgressGuard guard) {
    this.guard = guard;
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx,
      SocketAddress remoteAddress,
      SocketAddress localAddress,
      ChannelPromise promise) {
    try {
      if (!(remoteAddress instanceof InetSocketAddress inet)) {
        throw new EgressBlockedException(
            Reason.ADDRESS_NOT_ALLOWED, "refusing to connect to a non-IP address");
      }
      guard.check(inet);
    } catch (EgressBlockedException e) {
      promise.setFailure(e);
      ctx.close();
      return;
    }
    ctx.connect(remoteAddress, localAddress, promise);
  }
}
