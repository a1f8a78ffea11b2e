package io.creditpool.kernel.port.out;

/** Where events for the host product go. Called after the change they tell of has been stored. */
public interface EventSink {
    void publish(CreditEvent event);
}
