import type { ControlId } from './catalog';

/**
 * How a module covers a control:
 * - `prevents`: deploying the module makes the control true (a SecureBucket's versioning);
 * - `keeps`: it keeps the control from being undone without making it true (an
 *   organization guardrail that denies turning AWS Config off);
 * - `detects`: it deploys the AWS Config rule that reports the control at run time;
 * - `repairs`: it deploys the remediation that puts the control back.
 */
export type ControlRole = 'prevents' | 'keeps' | 'detects' | 'repairs';

/** One control a module covers, and the prop behind it. */
export interface DeclaredControl {
  readonly control: ControlId;
  /** The prop that turns it on or off. */
  readonly prop: string;
  /** On without any prop; otherwise the prop must ask for it. */
  readonly byDefault: boolean;
  /**
   * What the module deploys for it, for `detects` (the AWS Config rule
   * identifier) and `repairs` (the SSM Automation document).
   */
  readonly via?: string;
}

/**
 * What a module of this project declares about the controls it covers.
 * Modules export one declaration per role; help/coverage.md is generated from
 * them and from the catalog, and tests keep them in step with the catalog
 * (`fixedBy`, `configRules`, `remediation`) and with what the module records
 * in the synthesized metadata.
 */
export interface ModuleControlDeclaration {
  /** Module (construct) name, as recorded in the synthesized metadata. */
  readonly module: string;
  readonly role: ControlRole;
  readonly controls: readonly DeclaredControl[];
}

const DECLARATION = Symbol.for('cdktf-s3-security.module-control-declaration');

/**
 * Marks a module's declaration so generators can find it among a package's
 * exports. The role is `prevents` unless given.
 */
export function declareControls(
  declaration: Omit<ModuleControlDeclaration, 'role'> & { readonly role?: ControlRole },
): ModuleControlDeclaration {
  return Object.defineProperty({ role: 'prevents', ...declaration }, DECLARATION, {
    value: true,
    enumerable: false,
  }) as ModuleControlDeclaration;
}

export function isModuleControlDeclaration(value: unknown): value is ModuleControlDeclaration {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DECLARATION] === true
  );
}
