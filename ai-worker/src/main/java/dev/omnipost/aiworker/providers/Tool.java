package dev.omnipost.aiworker.providers;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a generation was asked to do, as stored in {@code ai_generations.tool}: write a post ({@code
 * generate}, or {@code compose} under the name SocialCRM users know), or one of the writing tools.
 */
public enum Tool {
  GENERATE,
  COMPOSE,
  REWRITE,
  HASHTAGS,
  THREAD,
  IDEAS,
  OPTIMIZE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The tool with this id; {@link #GENERATE} for rows written before there were tools. */
  public static Tool fromId(String id) {
    return Arrays.stream(values())
        .filter(tool -> tool.id().equals(id))
        .findFirst()
        .orElse(GENERATE);
  }

  /** Whether the answer is a list (hashtags, thread posts, ideas) rather than one text. */
  public boolean answersAList() {
    return this == HASHTAGS || this == THREAD || this == IDEAS;
  }
}
