package dev.omnipost.events;

/** A request for a worker to do something; not a webhook event, never shown to API users. */
public interface Command extends Message {}
