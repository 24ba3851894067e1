package io.hookline.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class a real Kafka cluster: declare a {@link KafkaCluster} parameter on
 * a constructor, lifecycle method or test method. Same as
 * {@code @ExtendWith(KafkaClusterExtension.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaClusterExtension.class)
public @interface WithKafka {}
