package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.InjectedFailures;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxAccounts;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What every Graph API call goes through: the access token ({@code Authorization: Bearer} or the
 * {@code access_token} parameter; code 190 when unknown) and failures injected through the control
 * API.
 */
@Component
class GraphApiFilter implements WebFilter {

  private static final Pattern GRAPH_PATH = Pattern.compile("^/instagram/v\\d+\\.\\d+/.*");

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;

  GraphApiFilter(SandboxAccounts accounts, InjectedFailures failures) {
    this.accounts = accounts;
    this.failures = failures;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!GRAPH_PATH.matcher(exchange.getRequest().getPath().value()).matches()) {
      return chain.filter(exchange);
    }
    return token(exchange)
        .defaultIfEmpty("")
        .flatMap(
            token -> {
              if (token.isEmpty()) {
                return fail(exchange, GraphError.missingToken());
              }
              Optional<SandboxAccount> account =
                  accounts.findByToken(InstagramStore.PLATFORM, token);
              if (account.isEmpty()) {
                exchange
                    .getResponse()
                    .getHeaders()
                    .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token\"");
                return fail(exchange, GraphError.invalidToken());
              }
              Optional<InjectedFailure> failure =
                  failures.next(
                      InstagramStore.PLATFORM, account.get().accountId(), exchange.getRequest());
              if (failure.isPresent()) {
                return injected(exchange, account.get(), failure.get());
              }
              exchange.getAttributes().put(SandboxAccount.ATTRIBUTE, account.get());
              return chain.filter(exchange);
            });
  }

  private Mono<String> token(ServerWebExchange exchange) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null) {
      for (String scheme : new String[] {"Bearer ", "OAuth "}) {
        if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
          return Mono.just(authorization.substring(scheme.length()).trim());
        }
      }
    }
    String inQuery = exchange.getRequest().getQueryParams().getFirst("access_token");
    if (inQuery != null) {
      return Mono.just(inQuery);
    }
    return exchange.getFormData().mapNotNull(form -> form.getFirst("access_token"));
  }

  private Mono<Void> injected(
      ServerWebExchange exchange, SandboxAccount account, InjectedFailure failure) {
    GraphError error = GraphError.forStatus(failure.status());
    if (error.code() == 4) {
      // Graph's throttling signal: minutes until the account may call again.
      exchange
          .getResponse()
          .getHeaders()
          .set(
              "X-Business-Use-Case-Usage",
              "{\""
                  + account.accountId()
                  + "\":[{\"type\":\"instagram\",\"call_count\":100,"
                  + "\"total_cputime\":25,\"total_time\":25,\"estimated_time_to_regain_access\":1}]}");
    }
    String body = failure.body() != null ? failure.body() : error.body();
    return SandboxResponses.json(exchange, failure.status(), body);
  }

  private static Mono<Void> fail(ServerWebExchange exchange, GraphError error) {
    return SandboxResponses.json(exchange, error.httpStatus(), error.body());
  }
}
