package dev.omnipost.egress;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The only name resolution a guarded client does: each lookup goes through the guard, which refuses
 * the whole answer if any address in it may not be reached. Literal addresses are vetted too (they
 * are never "already resolved" here). Lookups block, so they run on {@code lookups}, never on the
 * event loop.
 */
final class VettingAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  private final EgressGuard guard;
  private final Executor lookups;

  VettingAddressResolverGroup(EgressGuard guard, Executor lookups) {
    this.guard = guard;
    this.lookups = lookups;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new Resolver(executor);
  }

  private final class Resolver extends AbstractAddressResolver<InetSocketAddress> {

    Resolver(EventExecutor executor) {
      super(executor, InetSocketAddress.class);
    }

    @Override
    protected boolean doIsResolved(InetSocketAddress address) {
      return false;
    }

    @Override
    protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
      resolveAll(address, promise, all -> all.get(0));
    }

    @Override
    protected void doResolveAll(
        InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
      resolveAll(address, promise, all -> all);
    }

    private <T> void resolveAll(
        InetSocketAddress address,
        Promise<T> promise,
        java.util.function.Function<List<InetSocketAddress>, T> answer) {
      if (!address.isUnresolved()) {
        try {
          guard.check(address);
          promise.setSuccess(answer.apply(List.of(address)));
        } catch (RuntimeException e) {
          promise.setFailure(e);
        }
        return;
      }
      try {
        lookups.execute(
            () -> {
              try {
                promise.trySuccess(answer.apply(lookUp(address)));
              } catch (Throwable e) {
                // whatever goes wrong, the promise completes: a request must never hang on it
                promise.tryFailure(e);
              }
            });
      } catch (RuntimeException rejected) {
        promise.tryFailure(rejected);
      }
    }

    private List<InetSocketAddress> lookUp(InetSocketAddress address) throws UnknownHostException {
      String host = address.getHostString();
      List<InetSocketAddress> vetted = new ArrayList<>();
      for (InetAddress resolved : guard.resolveAndVet(host, address.getPort())) {
        // keep the name with the address, for logs and certificate checks
        vetted.add(
            new InetSocketAddress(
                InetAddress.getByAddress(host, resolved.getAddress()), address.getPort()));
      }
      return vetted;
    }
  }
}
