import { Construct } from 'constructs';
import { Macie2CustomDataIdentifier } from '@cdktf/provider-aws/lib/macie2-custom-data-identifier';
import { PropsValidator, integerBetween, mergeTags } from '../core';
import type { MacieAccount } from './account';
import { CUSTOM_DATA_IDENTIFIER_LIMITS as L, checkLength, checkWords } from './limits';

export interface CustomDataIdentifierProps {
  /** The account whose Macie owns the identifier. */
  readonly macie: MacieAccount;
  /**
   * The name (1 to 128 characters). Findings and alerts name the identifier by
   * it, so keep it stable; avoid sensitive data in it.
   */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /** The pattern to match (1 to 512 characters; Macie's regular expression syntax). */
  readonly regex: string;
  /**
   * Words of which one must precede a match within `maximumMatchDistance`
   * characters (1 to 50 words, 3 to 90 characters each; case-insensitive).
   * @default - no keyword needed
   */
  readonly keywords?: readonly string[];
  /**
   * Matches that contain one of these are ignored (1 to 10 words, 4 to 90
   * characters each; case-sensitive).
   * @default - none
   */
  readonly ignoreWords?: readonly string[];
  /**
   * Characters allowed between the end of a keyword and the end of a match (1 to 300).
   * @default 50
   */
  readonly maximumMatchDistance?: number;
  readonly tags?: Record<string, string>;
}

/**
 * A Macie custom data identifier: a regular expression, optionally refined by
 * keywords, ignore words and a match distance, validated against Macie's
 * limits at synth. Macie identifiers cannot be changed: any change replaces
 * the identifier (a new id), and the jobs that use it are replaced with it.
 * @see https://docs.aws.amazon.com/macie/latest/user/cdis-options.html
 */
export class CustomDataIdentifier extends Construct {
  public readonly resource: Macie2CustomDataIdentifier;
  public readonly name: string;
  /** The identifier's id, for jobs (known after apply). */
  public readonly identifierId: string;

  constructor(scope: Construct, id: string, props: CustomDataIdentifierProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    checkLength(v, 'name', props.name, 1, L.nameLength);
    v.check(typeof props.name === 'string', 'name', props.name, 'is required');
    checkLength(v, 'description', props.description, 1, L.descriptionLength);
    v.check(typeof props.regex === 'string', 'regex', props.regex, 'is required');
    checkLength(v, 'regex', props.regex, 1, L.regexLength);
    checkWords(v, 'keywords', props.keywords, L.keywords);
    checkWords(v, 'ignoreWords', props.ignoreWords, L.ignoreWords);
    const d = L.maximumMatchDistance;
    v.rule('maximumMatchDistance', props.maximumMatchDistance, integerBetween(d.min, d.max));
    v.check(
      props.maximumMatchDistance === undefined || (props.keywords?.length ?? 0) > 0,
      'maximumMatchDistance',
      props.maximumMatchDistance,
      'has no effect without keywords',
    );
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();

    this.name = props.name;
    this.resource = new Macie2CustomDataIdentifier(this, 'Identifier', {
      name: props.name,
      description: props.description,
      regex: props.regex,
      keywords: props.keywords ? [...props.keywords] : undefined,
      ignoreWords: props.ignoreWords ? [...props.ignoreWords] : undefined,
      maximumMatchDistance: props.keywords?.length ? (props.maximumMatchDistance ?? d.default) : undefined,
      tags,
      dependsOn: [props.macie.account],
    });
    this.identifierId = this.resource.id;
  }
}
