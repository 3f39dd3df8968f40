package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.mastodon.MastodonStore.StoredMedia;
import dev.omnipost.sandbox.mastodon.MastodonStore.StoredStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;

/** Mastodon's Status, Account and MediaAttachment entities, with their nulls. */
final class MastodonJson {

  private MastodonJson() {}

  static Map<String, Object> status(StoredStatus status, boolean withSourceText) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", status.id());
    json.put("created_at", MastodonRateLimiter.RESET_FORMAT.format(status.createdAt()));
    json.put("in_reply_to_id", status.inReplyToId());
    json.put("sensitive", !status.spoilerText().isEmpty());
    json.put("spoiler_text", status.spoilerText());
    json.put("visibility", status.visibility());
    json.put("language", status.language());
    json.put("uri", status.uri());
    json.put("url", status.url());
    json.put("content", "<p>" + HtmlUtils.htmlEscape(status.text()) + "</p>");
    if (withSourceText) {
      json.put("text", status.text());
    }
    json.put("account", account(status.account(), status.origin()));
    json.put("media_attachments", status.media().stream().map(MastodonJson::media).toList());
    // counters that grow with the status's age, so a client can watch metrics change: one
    // favourite per second, a boost every 2 s, a reply every 5 s
    long age = Math.max(0, Duration.between(status.createdAt(), Instant.now()).toSeconds());
    json.put("replies_count", age / 5);
    json.put("reblogs_count", age / 2);
    json.put("favourites_count", age);
    json.put("mentions", java.util.List.of());
    json.put("tags", java.util.List.of());
    return json;
  }

  static Map<String, Object> media(StoredMedia media) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", media.id());
    json.put("type", media.type());
    json.put("url", media.ready() ? media.url() : null);
    json.put("preview_url", media.ready() ? media.url() : null);
    json.put("remote_url", null);
    json.put("description", media.description());
    json.put("blurhash", null);
    return json;
  }

  private static Map<String, Object> account(SandboxAccount account, String origin) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", account.accountId());
    json.put("username", account.username());
    json.put("acct", account.username());
    json.put("display_name", account.username());
    json.put("url", origin + "/mastodon/@" + account.username());
    return json;
  }
}
