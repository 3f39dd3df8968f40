package dev.omnipost.aiworker.providers.offline;

import java.util.List;

/** Twenty post formats that work for almost any topic, in a fixed order (the API allows 20). */
final class IdeaTemplates {

  static final List<String> FORMATS =
      List.of(
          "Behind the scenes: show how %s comes together, step by step.",
          "Five quick tips about %s that beginners always ask for.",
          "Myth vs. fact: three things people get wrong about %s.",
          "A customer story: someone whose week got better thanks to %s.",
          "A poll: ask your audience their biggest question about %s.",
          "A 60-second how-to: the simplest way to get started with %s.",
          "Before and after: what changes once %s is part of the routine.",
          "The most common mistake with %s, and how to avoid it.",
          "A day in the life of the people behind %s.",
          "One surprising number about %s, and what it means for your audience.",
          "A checklist for %s that followers can save for later.",
          "Trends to watch in %s this season.",
          "FAQ: answer the three questions you hear most about %s.",
          "A one-week challenge: invite followers to try %s and share the results.",
          "Share a follower's photo or review featuring %s.",
          "Celebrate a milestone: how far %s has come since you started.",
          "Compare two ways of approaching %s and ask which one they prefer.",
          "A quote that sums up why %s matters to you.",
          "A short video walking through %s from start to finish.",
          "Ask me anything: host a live Q&A about %s.");

  private IdeaTemplates() {}

  static List<String> ideas(String topic, int count) {
    String subject = topic.strip().replaceAll("\\s+", " ").replaceAll("[.!?;:,]+$", "");
    return FORMATS.stream()
        .limit(Math.max(1, Math.min(count, FORMATS.size())))
        .map(format -> format.formatted(subject))
        .toList();
  }
}
