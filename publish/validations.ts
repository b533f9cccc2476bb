/**
 * Terraform validation blocks that mirror the rules of modules/core/rules.ts.
 * Each takes the variable's name and returns one validation per rule, so the
 * error message says which rule the value breaks, as the construct does.
 */
import type { Validation } from './definition';

/** Wraps the conditions of an optional (nullable) input: null passes. */
export function whenSet(name: string, validations: readonly Validation[]): Validation[] {
  return validations.map((v) => ({
    condition: `var.${name} == null ? true : (${v.condition})`,
    errorMessage: v.errorMessage,
  }));
}

/** The S3 bucket naming rules of `bucketNameRule`, one validation per rule. */
export function bucketNameValidations(name: string): Validation[] {
  const ref = `var.${name}`;
  const bad = (why: string) => `${name} is not a valid S3 bucket name: ${why}.`;
  return [
    {
      condition: `length(${ref}) >= 3 && length(${ref}) <= 63`,
      errorMessage: bad('it must be 3 to 63 characters long'),
    },
    {
      condition: `can(regex("^[a-z0-9.-]+$", ${ref}))`,
      errorMessage: bad('only lowercase letters, digits, hyphens and dots are allowed'),
    },
    {
      condition: `can(regex("^[a-z0-9]", ${ref})) && can(regex("[a-z0-9]$", ${ref}))`,
      errorMessage: bad('it must begin and end with a letter or digit'),
    },
    {
      condition: `!can(regex("^[0-9]{1,3}(\\\\.[0-9]{1,3}){3}$", ${ref}))`,
      errorMessage: bad('it must not be formatted as an IP address'),
    },
    {
      condition: `!startswith(${ref}, "xn--") && !startswith(${ref}, "sthree-") && !startswith(${ref}, "amzn-s3-demo-")`,
      errorMessage: bad('the prefixes "xn--", "sthree-" and "amzn-s3-demo-" are reserved by AWS'),
    },
    {
      condition: ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']
        .map((s) => `!endswith(${ref}, "${s}")`)
        .join(' && '),
      errorMessage: bad(
        'the suffixes "-s3alias", "--ol-s3", ".mrap", "--x-s3" and "--table-s3" are reserved by AWS',
      ),
    },
    {
      condition: `!can(regex("\\\\.", ${ref}))`,
      errorMessage: bad(
        'dots break TLS certificate validation for virtual-hosted-style requests; use hyphens',
      ),
    },
  ];
}

/** The server access log prefix rules of `logPrefixRule`. */
export function logPrefixValidations(name: string): Validation[] {
  const ref = `var.${name}`;
  const bad = (why: string) => `${name} is not a valid log prefix: ${why}.`;
  return [
    { condition: `length(${ref}) <= 512`, errorMessage: bad('at most 512 characters') },
    { condition: `!startswith(${ref}, "/")`, errorMessage: bad('it must not begin with "/"') },
    {
      condition: `length(${ref}) == 0 || endswith(${ref}, "/")`,
      errorMessage: bad('end it with "/" so log keys group under it'),
    },
  ];
}

/** A whole number from `min` to `max` (`integerBetween`). */
export function integerBetweenValidations(name: string, min: number, max: number): Validation[] {
  const ref = `var.${name}`;
  return [
    {
      condition: `floor(${ref}) == ${ref} && ${ref} >= ${min} && ${ref} <= ${max}`,
      errorMessage: `${name} must be a whole number from ${min} to ${max}.`,
    },
  ];
}

/** A 12-digit AWS account id (`accountIdRule`). */
export function accountIdValidations(name: string): Validation[] {
  return [
    {
      condition: `can(regex("^[0-9]{12}$", var.${name}))`,
      errorMessage: `${name} is not an AWS account id: it must be exactly 12 digits.`,
    },
  ];
}
