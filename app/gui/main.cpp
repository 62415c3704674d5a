// tinysim-gui: the interactive front-end. Optional argument: a model to open.
#include <QApplication>
#include <QCommandLineParser>

#include "app/gui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("TinySim"));
  QApplication::setApplicationName(QStringLiteral("tinysim-gui"));
  QApplication::setApplicationVersion(QStringLiteral(TINYSIM_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("TinySim: TinyML models on an emulated Cortex-M4"));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("a .tflite model to open"));
  parser.process(app);

  tinysim::gui::MainWindow window;
  window.show();
  if (!parser.positionalArguments().isEmpty()) window.openModel(parser.positionalArguments().first());
  return app.exec();
}
