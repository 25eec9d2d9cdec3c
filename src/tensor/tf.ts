/**
 * The one tfjs instance the library uses, re-exported so cells share it (`import { tf } from "landscape-lab"`).
 */
import * as tf from "@tensorflow/tfjs";

// tfjs prints a banner about tfjs-node on first use in Node; the library chooses its backend itself.
tf.env().set("IS_NODE", true);
tf.env().set("PROD", true);

export { tf };
