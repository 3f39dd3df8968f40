package dev.omnipost.gateway.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Registers the {@link dev.omnipost.gateway.web.Caller} argument resolver with WebFlux. */
@Configuration(proxyBeanMethods = false)
class AuthWebConfiguration implements WebFluxConfigurer {

  @Override
  public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
    configurer.addCustomResolver(new CallerArgumentResolver());
  }
}
