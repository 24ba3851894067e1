package io.hookline.schemas;

/** HTTP headers of the request a receiver gets (Standard Webhooks 1.0 plus Hookline's own). */
public final class WebhookHeaders {
  private WebhookHeaders() {}

  /** The event id; stable across retries so receivers can de-duplicate. */
  public static final String ID = "webhook-id";

  /** Unix seconds of this attempt. */
  public static final String TIMESTAMP = "webhook-timestamp";

  /** {@code v1,<base64>} per live secret, space-separated. */
  public static final String SIGNATURE = "webhook-signature";

  /** 1-based attempt number. */
  public static final String ATTEMPT = "hookline-attempt";

  public static final String EVENT_TYPE = "hookline-event-type";
}
