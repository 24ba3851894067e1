package io.hookline.bench;

/** A scenario's command-line option: {@code --name value}, with its default and meaning. */
public record Option(String name, String defaultValue, String help) {}
