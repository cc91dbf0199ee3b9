/** Client spans and metrics of HTTP attempts (OpenTelemetry). */

export * from './credentialMetrics';
export * from './requestTelemetry';
export * from './semanticConventions';
export * from './telemetryDispatcher';
export * from './telemetryOptions';
export * from './undiciInstrumentation';
