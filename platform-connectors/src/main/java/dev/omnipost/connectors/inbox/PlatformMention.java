package dev.omnipost.connectors.inbox;

import java.time.Instant;

/**
 * A post by someone else that names the account (an Instagram tag, an X mention, a Mastodon mention
 * notification), normalised across platforms.
 *
 * @param platformItemId the platform's id of the mention (the notification or the post)
 * @param platformPostId the post that mentions the account, if it differs from the item id
 * @param url where a person can see it, when the platform says
 */
public record PlatformMention(
    String platformItemId,
    String platformPostId,
    String authorId,
    String authorName,
    String text,
    String url,
    Instant createdAt) {}
