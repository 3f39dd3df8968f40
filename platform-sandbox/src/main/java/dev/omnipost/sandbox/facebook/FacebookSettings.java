package dev.omnipost.sandbox.facebook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated Facebook Pages API behaves ({@code omnipost.sandbox.facebook.*}).
 *
 * @param callsPerHour calls per Page token per rolling hour before code 80001 (reported in {@code
 *     X-Business-Use-Case-Usage}, type {@code pages})
 * @param videoPollsBeforeReady status reads a video answers {@code processing} before {@code ready}
 * @param duplicateWindow how far back the Page's same message makes a duplicate (code 506)
 */
@ConfigurationProperties("omnipost.sandbox.facebook")
public record FacebookSettings(
    @DefaultValue("1000") int callsPerHour,
    @DefaultValue("2") int videoPollsBeforeReady,
    @DefaultValue("1h") Duration duplicateWindow) {}
