package io.hookline.cli.dlq;

import io.hookline.core.dlq.DlqRef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The picocli converter for a {@link DlqRef} argument. */
public final class DlqRefConverter implements ITypeConverter<DlqRef> {
  @Override
  public DlqRef convert(String value) {
    try {
      return DlqRef.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
