package dev.omnipost.sandbox.linkedin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated LinkedIn behaves ({@code omnipost.sandbox.linkedin.*}). LinkedIn does not
 * publish its daily limits; the sandbox's are settings.
 *
 * @param oldestActiveVersion the oldest {@code LinkedIn-Version} (YYYYMM) still served; older ones
 *     answer 426 {@code NONEXISTENT_VERSION}
 * @param postsPerDay posts per member per UTC day before 429 (no rate headers, as LinkedIn)
 * @param commentaryLimit characters allowed in {@code commentary}
 * @param imagePollsBeforeAvailable how many {@code GET /rest/images/{urn}} answer PROCESSING after
 *     the upload
 */
@ConfigurationProperties("omnipost.sandbox.linkedin")
public record LinkedInSettings(
    @DefaultValue("202512") String oldestActiveVersion,
    @DefaultValue("150") int postsPerDay,
    @DefaultValue("3000") int commentaryLimit,
    @DefaultValue("1") int imagePollsBeforeAvailable) {}
