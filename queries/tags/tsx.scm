; inherits: typescript,jsx
; TSX: TypeScript plus JSX. Nothing of its own.
