package dev.omnipost.gateway.quotas;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the plan settings ({@code omnipost.quotas.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuotaProperties.class)
class QuotasConfiguration {}
