package dev.omnipost.gateway.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Registers the {@code Caller} and {@code Operator} argument resolvers with WebFlux. */
@Configuration(proxyBeanMethods = false)
class AuthWebConfiguration implements WebFluxConfigurer {

  private final OperatorCredential operator;

  AuthWebConfiguration(OperatorCredential operator) {
    this.operator = operator;
  }

  @Override
  public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
    configurer.addCustomResolver(new CallerArgumentResolver());
    configurer.addCustomResolver(new OperatorArgumentResolver(operator));
  }
}
