package dev.omnipost.aiworker.providers.offline;

import dev.omnipost.aiworker.providers.Hashtags;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.TextFitter;
import dev.omnipost.aiworker.providers.WritingRequest;
import dev.omnipost.connectors.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user's last message asks of the assistant's last answer in a conversation: make it
 * shorter (for a platform, if one is named), longer, another tone, with or without hashtags. The
 * answer is the earlier text changed that way; a message that asks none of these is a new prompt.
 */
final class FollowUps {

  private static final Pattern SHORTER =
      Pattern.compile(
          "\\b(shorter|shorten|more concise|briefer|condense|trim it|cut it down|tighter|too long)\\b");
  private static final Pattern LONGER =
      Pattern.compile("\\b(longer|expand|more detail|elaborate|too short)\\b");
  private static final Pattern NO_HASHTAGS =
      Pattern.compile("\\b(no|without|remove|drop|fewer)\\s+(the\\s+)?hashtags\\b");
  private static final Pattern HASHTAGS =
      Pattern.compile("\\b(add|with|include|more|some)\\s+(some\\s+)?hashtags\\b");
  private static final Pattern TONE =
      Pattern.compile(
          "\\b(more|sound|make it|be)\\s+(casual|friendly|friendlier|formal|professional|funny|humorous|inspiring|inspirational|educational|persuasive)\\b");
  private static final Pattern NAMED_PLATFORM =
      Pattern.compile(
          "\\b(?:for|on|to)\\s+(twitter|x|instagram|facebook|linkedin|tiktok|youtube|pinterest|threads|bluesky|mastodon)\\b");

  private FollowUps() {}

  /** The changed earlier answer, or empty when the last message is not a follow-up. */
  static Optional<String> answer(WritingRequest request) {
    String previous = request.lastAssistantMessage();
    if (previous == null || request.messages().isEmpty()) {
      return Optional.empty();
    }
    String ask = request.subject().toLowerCase(Locale.ROOT);
    LengthLimit limit = limitFor(request, ask);
    if (SHORTER.matcher(ask).find()) {
      return Optional.of(Shortener.shorten(previous, limit));
    }
    if (NO_HASHTAGS.matcher(ask).find()) {
      return Optional.of(TextFitter.fit(Hashtags.removed(previous), limit));
    }
    if (HASHTAGS.matcher(ask).find()) {
      List<String> tags = Keywords.hashtags(previous, 3);
      return Optional.of(
          fitted(ToneRewriter.join(previous, String.join(" ", tags)), previous, limit));
    }
    Matcher tone = TONE.matcher(ask);
    if (tone.find()) {
      return Optional.of(ToneRewriter.rewrite(previous, toneName(tone.group(2)), limit));
    }
    if (LONGER.matcher(ask).find()) {
      String longer =
          ToneRewriter.join(
              Hashtags.withoutTrailing(previous),
              Captions.closingLine(request.mode()),
              String.join(" ", Hashtags.in(previous)));
      return Optional.of(fitted(longer, previous, limit));
    }
    return Optional.empty();
  }

  /** The platform the request names, else the one the message names ("for Twitter"). */
  private static LengthLimit limitFor(WritingRequest request, String ask) {
    if (request.platform() != null) {
      return request.limit();
    }
    Matcher named = NAMED_PLATFORM.matcher(ask);
    return named.find()
        ? LengthLimit.forPlatform(Platform.fromId(named.group(1)).orElse(null))
        : request.limit();
  }

  private static String fitted(String changed, String previous, LengthLimit limit) {
    return limit.fits(changed) ? changed : TextFitter.fit(previous, limit);
  }

  private static String toneName(String word) {
    return switch (word) {
      case "friendlier" -> "friendly";
      case "funny" -> "humorous";
      case "inspiring" -> "inspirational";
      default -> word;
    };
  }
}
