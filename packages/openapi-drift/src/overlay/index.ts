// OpenAPI Overlays: local patches to an upstream document, kept as Overlay 1.0 files and applied on
// every sync, so that a fix survives each refresh.
export { describeAction, parseOverlay, type Overlay, type OverlayAction } from './overlay-document.ts';
export { applyOverlays, normalizedPath, selectPaths, type AppliedOverlays, type ApplyOptions, type UnmatchedAction } from './apply-overlay.ts';
export { actionsFromEdit, overlayDocument, reproducesEdit, sameValue, serializeOverlay, type EditAction } from './from-edit.ts';
export { loadClientOverlays, parseUpstream, patchUpstream, upstreamFileFor, upstreamTouches, type ClientOverlays, type PatchedSpec } from './client-overlays.ts';
