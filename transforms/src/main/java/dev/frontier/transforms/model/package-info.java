/**
 * SavedModel import: turns a TensorFlow SavedModel into the IR every compression works on, a frozen
 * flat GraphDef ({@link dev.frontier.transforms.model.ModelIr}), and runs either of them
 * ({@link dev.frontier.transforms.model.IrPredictor}, {@link dev.frontier.transforms.model.SignaturePredictor}).
 *
 * <p>Entry point: {@link dev.frontier.transforms.model.SavedModelImporter#importModel}. The passes it
 * chains are small package-private classes, each a pure {@code GraphDef -> GraphDef} function except
 * the freezer, which reads restored values from the loaded bundle: {@code InputPlaceholders},
 * {@code GraphPruner}, {@code FunctionInliner}, {@code VariableFreezer}, {@code IdentityRemover},
 * {@code ConstantFolder}, {@code BatchNormFolder}, {@code LayerFinder}. What may not be loaded at all
 * is decided by {@link dev.frontier.transforms.model.OpSafetyPolicy}.
 *
 * <p>No Beam here: the beam/ package wraps these functions in DoFns.
 */
package dev.frontier.transforms.model;
