package dev.omnipost.aiworker.providers.offline;

import dev.omnipost.aiworker.providers.Finding;
import dev.omnipost.aiworker.providers.Hashtags;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.PostFindings;
import dev.omnipost.aiworker.providers.Sentences;
import dev.omnipost.aiworker.providers.TextFitter;
import dev.omnipost.aiworker.providers.TextProvider;
import dev.omnipost.aiworker.providers.ThreadSplitter;
import dev.omnipost.aiworker.providers.WritingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A provider that needs no network and no model. It is not a language model and does not pretend to
 * be one (its provider name is {@code offline}), but it does what each call asks, the same way
 * every time: a follow-up asking for a shorter version shortens the previous answer to the
 * platform's limit, a rewrite keeps the text's words and changes its tone, hashtags come from the
 * text's key words, a thread is split at sentence boundaries within the platform's own counting.
 */
public final class OfflineWriter implements TextProvider {

  public static final String NAME = "offline";

  /** A call to action per mode, each one {@link PostFindings#hasCallToAction} recognises. */
  private static final Map<String, String> CALLS_TO_ACTION =
      Map.of(
          "social", "Tell us what you think below.",
          "marketing", "Find out more today.",
          "personal", "Reply and tell me what you think.",
          "business", "Contact us to learn more.");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String compose(WritingRequest request) {
    return FollowUps.answer(request)
        .orElseGet(
            () ->
                Captions.caption(
                    request.subject(), request.mode(), request.tone(), request.limit()));
  }

  @Override
  public String rewrite(WritingRequest request) {
    return ToneRewriter.rewrite(request.text(), request.tone(), request.limit());
  }

  @Override
  public List<String> hashtags(WritingRequest request) {
    return Keywords.hashtags(request.text(), request.count());
  }

  @Override
  public List<String> thread(WritingRequest request) {
    return ThreadSplitter.split(request.text(), request.limit());
  }

  @Override
  public List<String> ideas(WritingRequest request) {
    return IdeaTemplates.ideas(request.text(), request.count());
  }

  @Override
  public String optimize(WritingRequest request, List<Finding> findings) {
    LengthLimit limit = request.limit();
    String text = Sentences.normalize(request.text());
    String body = Hashtags.withoutTrailing(text);
    List<String> trailing = Hashtags.in(text.substring(body.length()));
    int recommended = PostFindings.recommendedHashtags(request.platform());
    int inline = Hashtags.in(body).size();

    List<String> tags =
        new ArrayList<>(
            trailing.subList(0, Math.max(0, Math.min(recommended - inline, trailing.size()))));
    if (tags.isEmpty() && inline == 0 && recommended > 0) {
      tags.addAll(Keywords.hashtags(body, Math.min(recommended, 3)));
    }
    String action = "";
    if (!PostFindings.hasCallToAction(body)) {
      action = CALLS_TO_ACTION.getOrDefault(request.mode(), CALLS_TO_ACTION.get("social"));
      body = ToneRewriter.endWithPunctuation(body);
    }
    String tagText = String.join(" ", tags);

    String full = ToneRewriter.join(body, action, tagText);
    if (limit.fits(full)) {
      return full;
    }
    int reserved = limit.count(ToneRewriter.join(action, tagText)) + 1;
    String shortened = Shortener.within(body, limit.withMax(limit.max() - reserved));
    for (String candidate :
        List.of(
            ToneRewriter.join(shortened, action, tagText),
            ToneRewriter.join(shortened, action),
            shortened)) {
      if (!candidate.isBlank() && limit.fits(candidate)) {
        return candidate;
      }
    }
    return TextFitter.fit(body, limit);
  }
}
