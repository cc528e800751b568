from assistant.understanding.interpreter import Interpretation, Interpreter

__all__ = ["Interpretation", "Interpreter"]
