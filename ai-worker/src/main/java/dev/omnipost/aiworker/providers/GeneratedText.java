package dev.omnipost.aiworker.providers;

/** A provider's answer and the provider's name as stored with the generation. */
public record GeneratedText(String content, String provider) {}
