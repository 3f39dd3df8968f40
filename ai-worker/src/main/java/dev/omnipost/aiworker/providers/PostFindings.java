package dev.omnipost.aiworker.providers;

import dev.omnipost.connectors.Platform;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of {@code optimize}, the same whichever provider improves the text: the length by the
 * platform's own counting, the number of hashtags against what works on the platform, and whether
 * the post asks the reader to do something.
 */
public final class PostFindings {

  /** Hashtags that help rather than hurt, per platform (Instagram allows 30, but 3-5 work best). */
  private static final Map<Platform, Integer> RECOMMENDED_HASHTAGS =
      Map.ofEntries(
          Map.entry(Platform.INSTAGRAM, 5),
          Map.entry(Platform.TIKTOK, 5),
          Map.entry(Platform.LINKEDIN, 3),
          Map.entry(Platform.FACEBOOK, 2),
          Map.entry(Platform.TWITTER, 2),
          Map.entry(Platform.THREADS, 1),
          Map.entry(Platform.BLUESKY, 2),
          Map.entry(Platform.MASTODON, 4),
          Map.entry(Platform.PINTEREST, 4),
          Map.entry(Platform.YOUTUBE, 3),
          Map.entry(Platform.GOOGLE_BUSINESS, 0));

  private static final int RECOMMENDED_WITHOUT_PLATFORM = 3;

  private static final Pattern CALL_TO_ACTION =
      Pattern.compile(
          "\\b(learn more|read more|find out|shop|buy|order|sign up|register|book|visit|download"
              + "|subscribe|follow|join|try|get yours|get started|call us|contact|link in bio|click"
              + "|tap|comment|share|tag a|reply|let us know|tell us|dm us|message us|discover"
              + "|check out|grab|reserve|save your|don't miss)\\b",
          Pattern.CASE_INSENSITIVE);

  private PostFindings() {}

  public static int recommendedHashtags(Platform platform) {
    return platform == null
        ? RECOMMENDED_WITHOUT_PLATFORM
        : RECOMMENDED_HASHTAGS.getOrDefault(platform, RECOMMENDED_WITHOUT_PLATFORM);
  }

  public static boolean hasCallToAction(String text) {
    return CALL_TO_ACTION.matcher(text == null ? "" : text).find();
  }

  public static List<Finding> of(String text, Platform platform, LengthLimit limit) {
    String where = platform == null ? "a post" : platform.id();
    int length = limit.count(text);
    Finding lengthFinding =
        length > limit.max()
            ? new Finding(
                "length",
                "too_long",
                "%s allows %d %s; this text counts %d"
                    .formatted(where, limit.max(), limit.unit(), length),
                length,
                limit.max())
            : new Finding(
                "length",
                "ok",
                "%d of %d %s".formatted(length, limit.max(), limit.unit()),
                length,
                limit.max());

    int tags = Hashtags.in(text).size();
    int recommended = recommendedHashtags(platform);
    Finding hashtagFinding;
    if (tags > recommended) {
      hashtagFinding =
          new Finding(
              "hashtags",
              "too_many",
              "%d hashtags; at most %d work well on %s".formatted(tags, recommended, where),
              tags,
              recommended);
    } else if (tags == 0 && recommended > 0) {
      hashtagFinding =
          new Finding(
              "hashtags",
              "none",
              "no hashtags; 1 to %d help people find it on %s".formatted(recommended, where),
              0,
              recommended);
    } else {
      hashtagFinding =
          new Finding("hashtags", "ok", "%d hashtags".formatted(tags), tags, recommended);
    }

    Finding actionFinding =
        hasCallToAction(text)
            ? new Finding("call_to_action", "ok", "asks the reader to act", null, null)
            : new Finding(
                "call_to_action",
                "missing",
                "no call to action: tell readers what to do next (visit, reply, sign up, ...)",
                null,
                null);
    return List.of(lengthFinding, hashtagFinding, actionFinding);
  }
}
