/**
 * The wire contract of Hookline: the records that travel on Kafka topics, their JSON codec and
 * Kafka serdes, and the names of topics and headers. Everything here is shared by every service and
 * must stay backwards compatible: readers tolerate unknown fields, writers always write {@code "v":
 * 1}.
 */
package io.hookline.schemas;
