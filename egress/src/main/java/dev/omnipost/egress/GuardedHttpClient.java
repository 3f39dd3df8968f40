package dev.omnipost.egress;

import java.util.concurrent.Executor;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Makes a Reactor Netty {@link HttpClient} that can only connect to addresses the guard allows: its
 * resolver vets every address it resolves (so there is no second, unvetted lookup), and a handler
 * checks the address of every connect. The URL stays as given, so the {@code Host} header and TLS
 * SNI and certificate checks use the real host name. Configure the client fully before guarding it,
 * and set no proxy (a proxy on a private address is refused).
 */
public final class GuardedHttpClient {

  private GuardedHttpClient() {}

  /** {@code client}, guarded; DNS lookups run on Reactor's bounded elastic scheduler. */
  public static HttpClient guard(HttpClient client, EgressGuard guard) {
    return guard(client, guard, task -> Schedulers.boundedElastic().schedule(task));
  }

  static HttpClient guard(HttpClient client, EgressGuard guard, Executor lookups) {
    ConnectGuard connectGuard = new ConnectGuard(guard);
    return client
        .resolver(new VettingAddressResolverGroup(guard, lookups))
        .doOnChannelInit(
            (observer, channel, remoteAddress) -> {
              if (channel.pipeline().get(ConnectGuard.NAME) == null) {
                channel.pipeline().addFirst(ConnectGuard.NAME, connectGuard);
              }
            });
  }
}
