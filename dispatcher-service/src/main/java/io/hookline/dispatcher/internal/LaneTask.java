package io.hookline.dispatcher.internal;

import java.util.function.BooleanSupplier;

/**
 * One delivery's send, as queued in its endpoint's lane: what to run, whether it is still wanted
 * (its partition may have been revoked meanwhile, and then the partition's new owner delivers it),
 * and what to do instead when it is not.
 *
 * @param send the attempt and the writing of its outcome
 * @param abandoned whether the send is no longer wanted
 * @param drop releases what the task holds, when it is dropped unsent
 */
record LaneTask(Runnable send, BooleanSupplier abandoned, Runnable drop) {}
