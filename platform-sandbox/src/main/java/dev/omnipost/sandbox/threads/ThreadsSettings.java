package dev.omnipost.sandbox.threads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated Threads API behaves ({@code omnipost.sandbox.threads.*}).
 *
 * @param callsPerHour calls per user per rolling hour before code 4 (reported in {@code
 *     X-App-Usage})
 * @param publishLimit posts per user per 24 h ({@code threads_publishing_limit}; Threads: 250)
 * @param deleteLimit deletes per user per 24 h (Threads: 100)
 * @param textLimit characters in a post's text
 * @param imagePollsBeforeFinished status polls an image container answers IN_PROGRESS
 * @param videoPollsBeforeFinished status polls a video container answers IN_PROGRESS
 */
@ConfigurationProperties("omnipost.sandbox.threads")
public record ThreadsSettings(
    @DefaultValue("200") int callsPerHour,
    @DefaultValue("250") int publishLimit,
    @DefaultValue("100") int deleteLimit,
    @DefaultValue("500") int textLimit,
    @DefaultValue("0") int imagePollsBeforeFinished,
    @DefaultValue("2") int videoPollsBeforeFinished) {}
