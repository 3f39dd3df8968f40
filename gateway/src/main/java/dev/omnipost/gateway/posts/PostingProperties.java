package dev.omnipost.gateway.posts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omnipost.posts.*}: bounds on what a post may ask for.
 *
 * @param scheduleHorizon how far ahead {@code scheduled_at} may be (create, edit, schedule, batch,
 *     import); later is a 400 {@code request.timestamp_out_of_range} naming the field (ADR 0025)
 */
@ConfigurationProperties("omnipost.posts")
record PostingProperties(@DefaultValue("730d") Duration scheduleHorizon) {}
