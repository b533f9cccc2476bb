/**
 * What a module of this project declares about the controls it satisfies: the
 * prop that turns each one on, and whether it is on by default. Modules export
 * one declaration each; help/coverage.md is generated from them and from the
 * catalog, and a test keeps them in step with the catalog's `fixedBy`.
 */
export interface ModuleControlDeclaration {
  /** Module (construct) name, as recorded in the synthesized metadata. */
  readonly module: string;
  readonly controls: readonly {
    readonly control: string;
    /** The prop that turns it on or off. */
    readonly prop: string;
    /** On without any prop; otherwise the prop must ask for it. */
    readonly byDefault: boolean;
  }[];
}

const DECLARATION = Symbol.for('cdktf-s3-security.module-control-declaration');

/** Marks a module's declaration so generators can find it among a package's exports. */
export function declareControls(declaration: ModuleControlDeclaration): ModuleControlDeclaration {
  return Object.defineProperty({ ...declaration }, DECLARATION, { value: true, enumerable: false });
}

export function isModuleControlDeclaration(value: unknown): value is ModuleControlDeclaration {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DECLARATION] === true
  );
}
